// n8n-api: the trigger and callback contract is defined once (stack.json "contract") and everything the
// project says about it, and the workflows it ships, are rendered from it and agree with the code.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OUTSIDE_VARIABLES } from '../src/check/drift-rules.js';
import type { Answers } from '../src/questions.js';
import { renderProject } from '../src/render/project.js';
import { folderSource } from '../src/templates/folder.js';
import type { TemplateSource } from '../src/templates/types.js';
import { tempDir } from './helpers/cli.js';
import { copyOf, deno, generatedProject, output, TEMPLATES } from './helpers/tools.js';

const STACK = JSON.parse(readFileSync(join(TEMPLATES, 'stacks/n8n-api/stack.json'), 'utf8'));
const TEAM: string[] = STACK.agents.map((a: { name: string }) => a.name);

let source: TemplateSource;
beforeAll(async () => {
  source = await folderSource(TEMPLATES);
});

interface Variant {
  label: string;
  agents: string[];
  supabase: boolean;
  kit: Answers['kit'];
}

const VARIANTS: Variant[] = [
  { label: 'full', agents: TEAM, supabase: true, kit: ['settings', 'skills', 'mcp'] },
  { label: '--no-supabase', agents: TEAM, supabase: false, kit: ['settings', 'skills', 'mcp'] },
  { label: '--kit none', agents: TEAM, supabase: true, kit: [] },
  ...TEAM.filter((n) => n !== STACK.lead).map((left) => ({
    label: `without ${left}`,
    agents: TEAM.filter((n) => n !== left),
    supabase: true,
    kit: ['settings', 'skills', 'mcp'] as Answers['kit'],
  })),
];

async function render(variant: Variant) {
  const answers: Answers = {
    dir: 'x',
    stack: 'n8n-api',
    name: 'Acme',
    agents: variant.agents,
    model: null,
    supabase: variant.supabase,
    kit: variant.kit,
    git: false,
  };
  return renderProject(source, answers, 'x');
}

/** The text an agent acts on: agents, skills, CLAUDE.md and n8n/README.md. */
const isText = (path: string) => /^(\.claude\/.*\.md|CLAUDE\.md|n8n\/README\.md)$/.test(path);

/** A name between backticks that looks like a variable: upper case with an underscore. */
const VARIABLE = /`([A-Z][A-Z0-9]*_[A-Z0-9_]+)(?:=[^`]*)?`/g;

describe('n8n-api: one contract', () => {
  it('the functions read the contract rendered from stack.json', async () => {
    const files = await render(VARIANTS[0]!);
    const contract = files.find((f) => f.path === 'supabase/functions/_shared/contract.json');
    expect(JSON.parse(contract!.content)).toEqual(STACK.contract);
    // Names rendered as they are into JSON and JavaScript strings: nothing there may need escaping.
    const c = STACK.contract;
    for (const name of [
      ...Object.values(c.trigger.headers),
      ...Object.values(c.callback.headers),
      c.callback.signature.prefix,
      c.callback.signature.separator,
    ]) {
      expect(name).toMatch(/^[A-Za-z0-9._:=-]+$/);
    }
  });

  it('the database accepts exactly the statuses a callback may report, and queued', () => {
    const folder = join(TEMPLATES, 'stacks/n8n-api/supabase/migrations');
    const schema = readdirSync(folder)
      .sort()
      .map((f) => readFileSync(join(folder, f), 'utf8'))
      .join('\n');
    const check = /check \(status in \(([^)]*)\)\)/.exec(schema)![1]!;
    expect(check.split(',').map((s) => s.trim().replaceAll("'", ''))).toEqual(['queued', ...STACK.contract.callback.statuses]);
    const accepted = /p_status not in \(([^)]*)\)/.exec(schema)![1]!;
    expect(accepted.split(',').map((s) => s.trim().replaceAll("'", ''))).toEqual(STACK.contract.callback.statuses);
  });

  it.each(VARIANTS)('$label: no retired name, every variable in .env.example, every named project file present', async (variant) => {
    const files = await render(variant);
    const paths = new Set(files.map((f) => f.path));
    const env = files.find((f) => f.path === '.env.example')?.content ?? '';
    const listed = new Set([...env.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    for (const file of files.filter((f) => isText(f.path))) {
      // The names the team used before the contract was defined once.
      expect(file.content, file.path).not.toMatch(/runKey|N8N_WEBHOOK_URL\b|\bpayload, userId|"result"|MultiEdit/);
      for (const [, name] of file.content.matchAll(VARIABLE)) {
        if (OUTSIDE_VARIABLES.has(name!)) continue;
        expect(listed.has(name!), `${file.path} names ${name}, which .env.example does not list (${variant.label})`).toBe(true);
      }
      for (const [, path] of file.content.matchAll(/`((?:n8n|supabase)\/[^`*<> ]*[^`*<> /])`/g)) {
        // A .env file is yours to make from .env.example: never generated, and git ignores it.
        if (/(^|\/)\.env$/.test(path!)) continue;
        const present = paths.has(path!) || [...paths].some((p) => p.startsWith(`${path}/`));
        const marked = !variant.supabase && path!.startsWith('supabase/');
        expect(present || marked, `${file.path} names ${path}, which the project does not hold (${variant.label})`).toBe(true);
      }
    }
    if (!variant.supabase) {
      for (const file of files.filter((f) => isText(f.path) && /`supabase\//.test(f.content))) {
        expect(file.content, `${file.path} says that supabase/ is still to be created`).toMatch(
          /no `supabase\/` folder yet|once the Supabase starter exists|once supabase\/ exists/,
        );
      }
    }
  });

  it('agents other than the lead have short descriptions with one example; only reviews and tests are proactive', async () => {
    const files = await render(VARIANTS[0]!);
    for (const name of TEAM.filter((n) => n !== STACK.lead)) {
      const text = files.find((f) => f.path === `.claude/agents/${name}.md`)!.content;
      const description = /\ndescription: \|-\n([\s\S]*?)\n[a-z]+:/.exec(text)![1]!;
      expect(description.length, name).toBeLessThanOrEqual(640);
      expect(description.match(/<example>/g)?.length, name).toBe(1);
      expect(/PROACTIVELY/.test(description), name).toBe(['security-reviewer', 'test-engineer'].includes(name));
      expect(text, `${name} ends with the shared handoffs section`).toMatch(/## Handoffs\n\nYou cannot start another agent yourself/);
    }
  });
});

describe('stack.json contract and env', () => {
  /** A copy of templates/ whose n8n-api stack.json has `key` set to `value`. */
  function withStackJson(key: string, value: unknown): string {
    const dir = join(tempDir(), 'templates');
    cpSync(TEMPLATES, dir, { recursive: true });
    const path = join(dir, 'stacks/n8n-api/stack.json');
    writeFileSync(path, JSON.stringify({ ...STACK, [key]: value }, null, 2));
    return dir;
  }

  it('are refused when malformed, naming the file', async () => {
    await expect(folderSource(withStackJson('contract', ['x']))).rejects.toThrow(/n8n-api\/stack\.json: "contract" must be an object/);
    await expect(folderSource(withStackJson('env', [{ name: 'n8n callback', for: 'n8n' }]))).rejects.toThrow(/"env\[0\]\.name" must be a variable name/);
    await expect(folderSource(withStackJson('env', [{ name: 'X_URL', for: 'n8n', value: 'x' }]))).rejects.toThrow(/"env\[0\]\.value" is not a setting/);
  });

  it('env is listed in .env.example once: a function secret with the secrets, the others for n8n', async () => {
    for (const variant of VARIANTS.slice(0, 2)) {
      const env = (await render(variant)).find((f) => f.path === '.env.example')!.content;
      const names = [...env.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
      expect(new Set(names).size, env).toBe(names.length);
      for (const v of STACK.env) expect(names, variant.label).toContain(v.name);
    }
  });
});

describe('n8n-api: the shipped workflows speak the contract', () => {
  for (const supabase of [true, false]) {
    it(`n8n/workflows.test.ts passes, and fails when the workflow signs otherwise (${supabase ? 'with' : 'without'} the Supabase starter)`, {
      timeout: 300_000,
    }, async () => {
      const project = supabase ? await generatedProject('n8n-api') : copyOf(await generatedProject('n8n-api'));
      if (!supabase) {
        // The --no-supabase render's n8n/ folder: its test checks the signature on its own.
        for (const file of (await render(VARIANTS[1]!)).filter((f) => f.path.startsWith('n8n/'))) {
          writeFileSync(join(project, file.path), file.content);
        }
      }
      const passing = await deno(['test', '--no-lock', 'n8n/'], project);
      expect(passing.exitCode, output(passing)).toBe(0);
      expect(String(passing.stdout)).toMatch(/Sign callback signs the callback as n8n-callback checks it \.\.\. .*ok/);
      for (const args of [
        ['lint', 'n8n/'],
        ['fmt', '--check', '--line-width', '120', 'n8n/workflows.test.ts'],
      ]) {
        const result = await deno(args, project);
        expect(result.exitCode, `deno ${args.join(' ')}: ${output(result)}`).toBe(0);
      }

      for (const [from, to] of [
        ["join('.')", "join(':')"],
        ["signaturePrefix: 'sha256='", "signaturePrefix: 'sha1='"],
        ['"name": "Idempotency-Key"', '"name": "X-Delivery-Id"'],
      ] as const) {
        const copy = copyOf(project);
        const file = join(copy, 'n8n/workflows/stock-analysis.json');
        const text = readFileSync(file, 'utf8');
        expect(text, `the workflow still contains ${from}`).toContain(from);
        writeFileSync(file, text.replace(from, to));
        const failing = await deno(['test', '--no-lock', 'n8n/'], copy);
        expect(failing.exitCode, `${from} -> ${to}: ${output(failing)}`).not.toBe(0);
      }
    });
  }
});
