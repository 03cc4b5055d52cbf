import { join } from 'node:path';
import fc from 'fast-check';
import matter from 'gray-matter';
import { parse as parseToml } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, parse as parseYaml } from 'yaml';
import { checkProject } from '../src/check/project.js';
import { memoryTree } from '../src/check/tree.js';
import { emitFrontMatter } from '../src/front-matter/emit.js';
import { AGENT_NAME, projectIdFrom } from '../src/names.js';
import { type Answers, MAX_NAME_LENGTH, MODELS, validateDisplayName } from '../src/questions.js';
import { renderProject } from '../src/render/project.js';
import type { PlannedFile } from '../src/render/render.js';
import { folderSource } from '../src/templates/folder.js';
import { sqlLiteral } from '../src/templates/helpers.js';
import type { RegistryMeta, StackTemplates, TemplateSource } from '../src/templates/types.js';
import { assertPlannedPath } from '../src/write/inspect.js';
import { REPO } from './helpers/cli.js';
import { MARKER, swap, swapDeep } from './helpers/marker.js';

/** How many answer sets each property tries (a few thousand in all, in well under a minute). */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);

/** Pieces that break naive YAML, Markdown, Handlebars, SQL or TOML emitters. */
const FRAGMENTS = [
  '---',
  '\n---\n',
  '\n',
  '\n\n',
  ' ',
  '\t',
  ':',
  ': ',
  '#',
  ' #',
  '"',
  "'",
  '`',
  '\\',
  '\\n',
  '{{',
  '}}',
  '{{project.name}}',
  '{{> x}}',
  '{{{raw}}}',
  '<script>',
  '</script>',
  '&',
  '&amp;',
  '$&',
  "$'",
  '$1',
  '|',
  '>',
  '- ',
  '? ',
  '!!str ',
  '&a ',
  '*a',
  '%YAML',
  '@',
  '[',
  ']',
  '{',
  '}',
  ',',
  'yes',
  'no',
  'null',
  '~',
  '2001-12-14',
  '0x1F',
  '1_000',
  '.inf',
  '=',
  '<<',
  "'; drop table x; --",
  '\u202E',
  '\u200B',
  '\uFEFF',
  '\u2028',
  '\u00A0',
  '🚀',
  '👩‍👩‍👧',
  'مرحبا',
  'שלום',
  'é',
];

/** Display names: random Unicode (any plane, controls included), hostile pieces, and mixes of both. */
const nameArb = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 6 })), { minLength: 1, maxLength: 12 }).map((p) => p.join('')),
  fc.constantFrom(...FRAGMENTS),
);

function splitAgent(text: string): { frontMatter: string; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error(`no front matter:\n${text.slice(0, 200)}`);
  return { frontMatter: match[1]!, body: text.slice(match[0].length) };
}

/**
 * The project's own `check` rules, run on a rendered plan: the findings (none expected). Drift the
 * same answers show under the stack's default name is the templates' (test/drift-templates.test.ts);
 * drift that only this name brings in is the name's, and counts.
 */
async function checkRuleFindings(files: readonly PlannedFile[], answers: Answers, registry: RegistryMeta, plain: readonly PlannedFile[]): Promise<string[]> {
  const { findings } = await checkProject(memoryTree(files), registry, answers.stack);
  const templates = new Set(
    (await checkProject(memoryTree(plain), registry, answers.stack)).findings
      .filter((f) => f.rule.startsWith('drift/'))
      .map((f) => `${f.file}\0${f.rule}\0${f.message}`),
  );
  return findings.filter((f) => !templates.has(`${f.file}\0${f.rule}\0${f.message}`)).map((f) => `${f.severity} ${f.rule} ${f.file}: ${f.message}`);
}

/** Templates read once; each stack compiled once (renderProject asks for it on every call). */
function cachedSource(source: TemplateSource): TemplateSource {
  const stacks = new Map<string, Promise<StackTemplates>>();
  return {
    ...source,
    loadStack(id) {
      if (!stacks.has(id)) stacks.set(id, source.loadStack(id));
      return stacks.get(id)!;
    },
  };
}

describe('generated answer sets', () => {
  let source: TemplateSource;
  beforeAll(async () => {
    source = cachedSource(await folderSource(join(REPO, 'templates')));
  });

  const answersArb = () =>
    fc.constantFrom(...source.registry.stacks).chain((stack) =>
      fc.record({
        stack: fc.constant(stack.id),
        name: nameArb,
        agents: fc.subarray(stack.agents.map((a) => a.name)),
        model: fc.constantFrom(null, ...MODELS),
        supabase: fc.boolean(),
        folder: fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
      }),
    );

  /** A display name is refused exactly when it holds something no file could carry. */
  it('a display name is valid unless empty, too long, or holding controls or non-characters', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        const bad =
          !name.trim() ||
          [...name].length > MAX_NAME_LENGTH ||
          /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u.test(name) ||
          /[\p{Cs}\uFDD0-\uFDEF]|[\uFFFE\uFFFF]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{10FFFE}\u{10FFFF}]/u.test(name) ||
          [...name].some((c) => (c.codePointAt(0)! & 0xfffe) === 0xfffe);
        expect(validateDisplayName(name) !== null).toBe(bad);
      }),
      { numRuns: RUNS },
    );
  });

  it('front matter with any text in any field reads back as exactly that data (strict YAML and gray-matter)', () => {
    const text = fc.oneof(
      nameArb,
      fc.array(fc.constantFrom(...FRAGMENTS, 'a', '1', '.', '0', 'e'), { maxLength: 6 }).map((p) => p.join('')),
    );
    const dataArb = fc.record(
      { name: text, description: text, tools: text, model: text, color: text, extra: fc.array(text, { maxLength: 3 }) },
      { requiredKeys: ['name', 'description'] },
    );
    fc.assert(
      fc.property(dataArb, (data) => {
        const strings = [...Object.values(data)].flat() as string[];
        fc.pre(strings.every((v) => v === '' || validateDisplayName(v) === null || !v.trim()));
        const emitted = emitFrontMatter(data);
        const { frontMatter, body } = splitAgent(`${emitted}body\n`);
        expect(body).toBe('body\n');
        const doc = parseDocument(frontMatter, { strict: true, uniqueKeys: true, prettyErrors: false });
        expect(doc.errors.map(String)).toEqual([]);
        expect(doc.toJS()).toEqual(data);
        expect(matter(`${emitted}body\n`, {}).data).toEqual(data);
      }),
      { numRuns: RUNS },
    );
  });

  it('every plan is valid: agent front matter round-trips, names unique, no stray agents, TOML and SQL hold', async () => {
    const references = new Map<string, Promise<PlannedFile[]>>();
    const render = (a: Answers, projectId: string) => renderProject(source, a, projectId);
    let rendered = 0;
    await fc.assert(
      fc.asyncProperty(answersArb(), async ({ folder, ...rest }) => {
        fc.pre(validateDisplayName(rest.name) === null);
        const answers: Answers = { ...rest, dir: folder, kit: [], git: false };
        const projectId = projectIdFrom(folder);
        const key = JSON.stringify({ ...answers, name: '', dir: '', projectId });
        if (!references.has(key)) references.set(key, render({ ...answers, name: MARKER }, projectId));
        const [files, reference] = await Promise.all([render(answers, projectId), references.get(key)!]);
        rendered++;
        checkPlan(source, answers, projectId, files, reference);
        expect(await checkRuleFindings(files, answers, source.registry, reference)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(rendered).toBeGreaterThan(RUNS / 2);
  });
});

function checkPlan(source: TemplateSource, answers: Answers, projectId: string, files: PlannedFile[], reference: PlannedFile[]): void {
  const { name } = answers;
  const stack = source.registry.stacks.find((s) => s.id === answers.stack)!;
  const paths = files.map((f) => f.path);
  expect(new Set(paths).size).toBe(paths.length);
  expect(paths).toEqual(reference.map((f) => f.path));
  for (const path of paths) assertPlannedPath(path);

  const team = stack.agents.filter((a) => a.name === stack.lead || answers.agents.includes(a.name));
  const agentFiles = files.filter((f) => f.path.startsWith('.claude/agents/'));
  expect(agentFiles.map((f) => f.path).sort()).toEqual(team.map((a) => `.claude/agents/${a.name}.md`).sort());

  // Every agent or alias the templates know, outside the rendered team, is never mentioned.
  const everyAgent = source.registry.stacks.flatMap((s) => s.agents.flatMap((a) => [a.name, ...(a.aliases ?? [])]));
  const inTeam = new Set(team.flatMap((a) => [a.name, ...(a.aliases ?? [])]));
  const strangers = [...new Set(everyAgent)].filter((n) => !inTeam.has(n));
  const mention = strangers.length ? new RegExp(`(?<![A-Za-z0-9-])(${strangers.join('|')})(?![A-Za-z0-9-])`) : null;

  files.forEach((file, index) => {
    const ref = reference[index]!;
    if (file.path.startsWith('.claude/agents/')) {
      const agent = file.path.slice('.claude/agents/'.length, -'.md'.length);
      expect(agent).toMatch(AGENT_NAME);
      const got = splitAgent(file.content);
      const want = splitAgent(ref.content);
      const doc = parseDocument(got.frontMatter, { strict: true, uniqueKeys: true, prettyErrors: false });
      expect(doc.errors.map(String)).toEqual([]);
      expect(doc.warnings.map(String)).toEqual([]);
      const expected = swapDeep(parseYaml(want.frontMatter), name) as Record<string, unknown>;
      const data = doc.toJS() as Record<string, unknown>;
      expect(data).toEqual(expected);
      expect(data.name).toBe(agent);
      expect(typeof data.description).toBe('string');
      if (answers.model) expect(data.model).toBe(answers.model);
      const gm = matter(file.content, {});
      expect(gm.data).toEqual(expected);
      expect(gm.content).toBe(got.body);
      expect(got.body).toBe(swap(want.body, name));
    } else if (file.path.endsWith('.sql')) {
      expect(file.content).toBe(ref.content.split(sqlLiteral(MARKER)).join(sqlLiteral(name)));
    } else {
      expect(file.content).toBe(swap(ref.content, name));
    }
    if (file.path.endsWith('.toml')) {
      const toml = parseToml(file.content) as { project_id?: string };
      if ('project_id' in toml) expect(toml.project_id).toBe(projectId);
    }
    if (mention && (file.path.startsWith('.claude/agents/') || file.path === 'CLAUDE.md')) {
      expect(mention.exec(ref.content)?.[0], `${file.path} names an agent outside the team`).toBeUndefined();
    }
  });
}
