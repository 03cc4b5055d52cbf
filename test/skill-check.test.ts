import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentFile } from '../src/check/agent-file.js';
import { checkPreloads, checkSkill, readSkills } from '../src/check/skill-rules.js';
import { memoryTree } from '../src/check/tree.js';
import { runCli } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';

const skill = (fields: string, body = 'Steps.\n') => `---\n${fields}\n---\n${body}`;
const GOOD = 'name: add-thing\ndescription: Adds a thing.';

/** The rule ids the skill rules report for one SKILL.md in folder `folder`. */
async function rulesFor(text: string | null, folder = 'add-thing'): Promise<string[]> {
  const files = text === null ? [{ path: `.claude/skills/${folder}/notes.md`, content: 'x' }] : [{ path: `.claude/skills/${folder}/SKILL.md`, content: text }];
  const [found] = await readSkills(memoryTree(files));
  return checkSkill(found!).map((f) => `${f.severity} ${f.rule}`);
}

describe('skill rules', () => {
  const cases: Array<[string, string | null, string[]]> = [
    ['a good skill', skill(GOOD), []],
    [
      'every field Claude Code 2.1 reads',
      skill(
        `${GOOD}\nargument-hint: <name>\nallowed-tools: Read Grep Bash(npx supabase migration new *)\nmodel: sonnet\neffort: high\ncontext: fork\nagent: Explore\nuser-invocable: true\ndisable-model-invocation: false\nwhen_to_use: When asked.\npaths: ["supabase/**"]`,
      ),
      [],
    ],
    ['no SKILL.md in the folder', null, ['warning skill/file-missing']],
    ['no front matter', 'Just text.\n', ['error skill/front-matter-missing']],
    ['front matter that is not YAML', skill('name: add-thing\ndescription: Context: it breaks'), ['error skill/front-matter-yaml']],
    ['no name', skill('description: Adds a thing.'), ['error skill/name-missing']],
    ['a name other than the folder', skill('name: other\ndescription: d'), ['error skill/name-folder']],
    ['no description', skill('name: add-thing'), ['error skill/description-missing']],
    ['a description that is a list', skill('name: add-thing\ndescription: [a, b]'), ['error skill/description-type']],
    ['an unknown field', skill(`${GOOD}\ntools: Read`), ['warning skill/unknown-field']],
    ['an unknown model', skill(`${GOOD}\nmodel: gpt-5`), ['error skill/model']],
    ['an unknown context', skill(`${GOOD}\ncontext: forked`), ['error skill/context']],
    ['an unknown effort', skill(`${GOOD}\neffort: huge`), ['warning skill/effort']],
    ['a flag that is not true or false', skill(`${GOOD}\nuser-invocable: "no"`), ['warning skill/field-type']],
    ['an unknown tool', skill(`${GOOD}\nallowed-tools: Read Frobnicate`), ['error skill/tools']],
    ['a retired tool', skill(`${GOOD}\nallowed-tools: [Read, MultiEdit]`), ['warning skill/tools-retired']],
    ['a byte-order mark', `\uFEFF${skill(GOOD)}`, ['error skill/bom']],
  ];
  for (const [what, text, expected] of cases) {
    it(what, async () => {
      expect(await rulesFor(text)).toEqual(expected);
    });
  }

  it("reports an agent's preload of a skill the project lacks: an error in a create-agents project, else a warning", async () => {
    const skills = await readSkills(memoryTree([{ path: '.claude/skills/add-thing/SKILL.md', content: skill(GOOD) }]));
    const agent = (skills_: string) => parseAgentFile('.claude/agents/a.md', Buffer.from(`---\nname: a\ndescription: d\nskills: ${skills_}\n---\nBody\n`));
    expect(checkPreloads([agent('[add-thing, plugin:other]')], skills, true)).toEqual([]);
    expect(checkPreloads([agent('add-thing, gone')], skills, true).map((f) => [f.severity, f.rule, f.line])).toEqual([['error', 'agent/unknown-skill', 4]]);
    expect(checkPreloads([agent('[gone]')], skills, false).map((f) => f.severity)).toEqual(['warning']);
    expect(checkPreloads([agent('{ a: 1 }')], skills, true).map((f) => f.rule)).toEqual(['agent/skills']);
  });
});

describe('check on a project reports skill findings in every format', () => {
  it('text, json, sarif and github', async () => {
    const project = await renderProject('supabase');
    const file = join(project, '.claude/skills/add-migration/SKILL.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: add-migration', 'name: add-migrations'));
    rmSync(join(project, '.claude/skills/add-edge-function'), { recursive: true });

    const text = await runCli(['check', project]);
    expect(text.code).toBe(1);
    const block = (file: string) => text.stdout.split('\n\n').find((b) => b.startsWith(file)) ?? '';
    expect(block('.claude/skills/add-migration/SKILL.md')).toMatch(
      /^ +2 {2}error {3}The skill is named "add-migrations" but its folder is add-migration\/.*\(skill\/name-folder\)$/m,
    );
    expect(block('.claude/agents/test-engineer.md')).toMatch(/^ +\d+ {2}error {3}The agent preloads skill "add-edge-function".*\(agent\/unknown-skill\)$/m);
    expect(text.stdout).toMatch(/\(4 agent files, 1 skill in /);

    const json = JSON.parse((await runCli(['check', project, '--json'])).stdout);
    expect(json.skills).toBe(1);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toEqual(expect.arrayContaining(['skill/name-folder', 'agent/unknown-skill']));

    const sarif = JSON.parse((await runCli(['check', project, '--format', 'sarif'])).stdout);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(expect.arrayContaining(['skill/name-folder', 'agent/unknown-skill']));

    const github = (await runCli(['check', project, '--format', 'github'])).stdout;
    expect(github).toMatch(/^::error file=.*\.claude\/skills\/add-migration\/SKILL\.md,line=2,title=skill\/name-folder::/m);
  });
});

describe('check --with-claude reads skills too', () => {
  it("joins Claude Code's words to ours for a skill whose front matter is broken", async () => {
    const project = await renderProject('supabase');
    const file = join(project, '.claude/skills/add-edge-function/SKILL.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^description: .*$/m, 'description: Context: broken: yaml'));
    const result = await runCli(['check', project, '--json', '--with-claude']);
    const report = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    const errors = report.findings.filter((f: { severity: string }) => f.severity === 'error');
    expect(errors.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`)).toEqual([
      '.claude/skills/add-edge-function/SKILL.md skill/front-matter-yaml',
    ]);
    expect(errors[0].message).toMatch(/not valid YAML.*Claude Code: .*YAML frontmatter failed to parse/);
  });
});
