import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFrontMatter } from '../src/front-matter/read.js';
import type { Answers } from '../src/questions.js';
import { renderProject as renderInMemory } from '../src/render/project.js';
import { folderSource } from '../src/templates/folder.js';
import { KIT_PARTS } from '../src/templates/kit.js';
import { starterFacts } from '../src/templates/starter-facts.js';
import { REPO, runCli, tempDir } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';

const STACKS: string[] = JSON.parse(readFileSync(join(REPO, 'templates/registry.json'), 'utf8')).stacks;
const TEMPLATES = join(REPO, 'templates');

const answersFor = (stack: string, more: Partial<Answers> = {}): Answers => ({
  dir: 'x',
  stack,
  name: 'X',
  agents: [],
  model: null,
  supabase: true,
  kit: KIT_PARTS.map((p) => p.name),
  git: false,
  ...more,
});

/** A copy of the built-in templates to change. */
function templatesCopy(): string {
  const dir = join(tempDir(), 'templates');
  cpSync(TEMPLATES, dir, { recursive: true });
  return dir;
}

const read = (project: string, path: string) => readFileSync(join(project, path), 'utf8');
const frontMatter = (project: string, path: string) => readFrontMatter(read(project, path)).data;

/** Every file below a folder, relative to it. */
const filesIn = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));

/** A pattern with `*` (not across `/`) against the project's files. */
function matches(files: string[], pattern: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);
  return files.some((f) => re.test(f)) || files.some((f) => f.startsWith(pattern.endsWith('/') ? pattern : `${pattern}/`));
}

describe('the skills every stack with the Supabase starter gets', () => {
  for (const stack of STACKS) {
    it(`${stack}: every path, helper, function and export a skill names exists in the project`, async () => {
      const project = await renderProject(stack);
      const files = filesIn(project);
      for (const skill of ['add-migration', 'add-edge-function']) {
        const path = `.claude/skills/${skill}/SKILL.md`;
        const data = frontMatter(project, path);
        expect(data.name).toBe(skill);
        expect(typeof data.description).toBe('string');
        const text = read(project, path);
        // Paths in backticks that contain no placeholder.
        for (const [, named] of text.matchAll(/`((?:supabase\/|\.env)[^`<>\s]*)`/g)) {
          if (named === 'supabase/functions/.env') continue; // the skill says to create it
          expect(matches(files, named!), `${skill} names ${named}`).toBe(true);
        }
      }
      const migrations = files
        .filter((f) => f.startsWith('supabase/migrations/'))
        .map((f) => read(project, f).replace(/\s+/g, ' '))
        .join('\n');
      const migrationSkill = read(project, '.claude/skills/add-migration/SKILL.md');
      for (const [, signature] of migrationSkill.matchAll(/`(private\.[a-z_]+\([^)]*\))`/g)) {
        expect(migrations, signature).toContain(`function ${signature}`);
      }
      for (const [, trigger] of migrationSkill.matchAll(/execute function ([a-z_]+\.[a-z_]+)\(\)/g)) expect(migrations).toContain(`function ${trigger}()`);
      const functionSkill = read(project, '.claude/skills/add-edge-function/SKILL.md');
      const config = read(project, 'supabase/config.toml');
      for (const [, name] of functionSkill.matchAll(/`supabase\/functions\/([a-z][a-z0-9-]*)\/`/g)) {
        for (const file of ['handler.ts', 'index.ts', 'handler.test.ts', 'deno.json']) expect(files).toContain(`supabase/functions/${name}/${file}`);
        expect(read(project, `supabase/functions/${name}/handler.ts`)).toMatch(/^export function createHandler\(/m);
        expect(read(project, `supabase/functions/${name}/index.ts`)).toMatch(/Deno\.serve\(createHandler\(/);
        // The block the skill shows is laid out as the generated ones are.
        expect(config).toContain(`[functions.${name}]\nenabled = true\n`);
        expect(config).toContain(`import_map = "./functions/${name}/deno.json"\nentrypoint = "./functions/${name}/index.ts"\n`);
      }
      for (const [, module, exports] of functionSkill.matchAll(/^- `(supabase\/functions\/_shared\/[^`]+)`: (.*)$/gm)) {
        const source = read(project, module!);
        for (const [, name] of exports!.matchAll(/`([^`]+)`/g)) expect(source, `${module} exports ${name}`).toMatch(new RegExp(`^export .*\\b${name}\\b`, 'm'));
      }
      expect(existsSync(join(project, 'deno.json')), 'the Deno commands run from the root deno.json').toBe(true);
    });
  }

  it('agents that use a skill preload it, the lead never does, and CLAUDE.md introduces each skill', async () => {
    const project = await renderProject('react-chat');
    expect(frontMatter(project, '.claude/agents/test-engineer.md').skills).toEqual(['add-migration', 'add-edge-function']);
    expect(frontMatter(project, '.claude/agents/database-engineer.md').skills).toEqual(['add-migration']);
    expect(frontMatter(project, '.claude/agents/backend-architect.md').skills).toBeUndefined();
    const claude = read(project, 'CLAUDE.md');
    for (const skill of ['add-migration', 'add-edge-function']) {
      const description = String(frontMatter(project, `.claude/skills/${skill}/SKILL.md`).description);
      expect(claude).toContain(`- \`/${skill}\`: ${description}\n`);
    }
    expect(claude.indexOf('## Skills')).toBeLessThan(claude.indexOf('## Commands'));
  });

  it('without the Supabase starter no Supabase skill is written, preloaded or introduced', async () => {
    const project = await renderProject('supabase', { supabase: false });
    expect(existsSync(join(project, '.claude/skills'))).toBe(false);
    expect(frontMatter(project, '.claude/agents/test-engineer.md').skills).toBeUndefined();
    expect(read(project, 'CLAUDE.md')).not.toContain('## Skills');
    const check = await runCli(['check', project]);
    expect(check.code, check.stdout).toBe(0);
  });
});

describe("what the skills name is read from the starter's files", () => {
  it('policy helpers, the updated_at trigger, tests and shared modules', () => {
    const facts = starterFacts([
      {
        path: 'supabase/migrations/20260101000000_schema.sql',
        source: 'CREATE OR REPLACE FUNCTION public.set_updated_at()\nRETURNS trigger AS $$ $$;\ncreate function public.other() returns trigger as $$ $$;',
      },
      {
        path: 'supabase/migrations/20260101000100_rls_policies.sql',
        source:
          'create function private.team_ids(\n  roles  text[] )\nreturns setof uuid as $$ $$;\ncreate or replace function private.team_ids(roles text[]) returns setof uuid as $$ $$;',
      },
      { path: 'supabase/tests/rls.test.sql', source: 'begin;' },
      { path: 'supabase/tests/notes.sql', source: '' },
      { path: 'supabase/seed.sql.bak', source: '' },
      {
        path: 'supabase/functions/_shared/http.ts',
        source: 'export type Handler = 1;\nexport async function json() {}\nconst hidden = 1;\nexport class Oops {}',
      },
      { path: 'supabase/functions/_shared/http.test.ts', source: 'export const x = 1;' },
    ]);
    expect(facts).toEqual({
      tests: ['supabase/tests/rls.test.sql'],
      seed: null,
      policyHelpers: [{ signature: 'private.team_ids(roles text[])', migration: 'rls_policies' }],
      updatedAtTrigger: 'public.set_updated_at()',
      sharedModules: [{ path: 'supabase/functions/_shared/http.ts', exports: ['Handler', 'json', 'Oops'] }],
    });
  });
});

describe('skills in a templates folder', () => {
  it("a stack's own skill is rendered beside the shared ones and preloaded by the agent stack.json names", async () => {
    const dir = templatesCopy();
    mkdirSync(join(dir, 'stacks/n8n-api/skills/add-workflow'), { recursive: true });
    writeFileSync(
      join(dir, 'stacks/n8n-api/skills/add-workflow/SKILL.md.hbs'),
      '---\nname: add-workflow\ndescription: Add an n8n workflow.\n---\nFor {{project.name}}.\n',
    );
    writeFileSync(join(dir, 'stacks/n8n-api/skills/add-workflow/example.json'), '{}\n');
    const json = join(dir, 'stacks/n8n-api/stack.json');
    const stack = JSON.parse(readFileSync(json, 'utf8'));
    stack.agents.find((a: { name: string }) => a.name === 'n8n-workflow-engineer').skills = ['add-workflow'];
    writeFileSync(json, JSON.stringify(stack));
    const source = await folderSource(dir);
    expect(source.registry.stacks.find((s) => s.id === 'n8n-api')!.skills.map((s) => s.name)).toEqual(['add-edge-function', 'add-migration', 'add-workflow']);
    const planned = await renderInMemory(source, answersFor('n8n-api', { agents: ['n8n-workflow-engineer'] }), 'x');
    const paths = planned.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['.claude/skills/add-workflow/SKILL.md', '.claude/skills/add-workflow/example.json']));
    expect(planned.find((f) => f.path === '.claude/skills/add-workflow/SKILL.md')!.content).toContain('For X.');
    const agent = planned.find((f) => f.path === '.claude/agents/n8n-workflow-engineer.md')!.content;
    expect(readFrontMatter(agent).data.skills).toEqual(['add-workflow']);
  });

  it('CLAUDE.md introduces a skill with its description as rendered, in whichever YAML form it is written', async () => {
    const dir = templatesCopy();
    writeFileSync(
      join(dir, 'shared/skills/add-migration/SKILL.md.hbs'),
      '{{#if supabase}}\n---\nname: add-migration\ndescription: Migrations for {{project.name}} ({{stack.id}}).\n---\nx\n{{/if}}\n',
    );
    writeFileSync(
      join(dir, 'shared/skills/add-edge-function/SKILL.md.hbs'),
      '---\nname: add-edge-function\ndescription: >-\n  Functions: folded\n  over lines.\n---\nx\n',
    );
    const planned = await renderInMemory(await folderSource(dir), answersFor('supabase', { name: 'Acme & Co' }), 'x');
    const claude = planned.find((f) => f.path === 'CLAUDE.md')!.content;
    expect(claude).toContain('- `/add-migration`: Migrations for Acme & Co (supabase).\n');
    expect(claude).toContain('- `/add-edge-function`: Functions: folded over lines.\n');
    const list = JSON.parse((await runCli(['list', '--json', '--templates-dir', dir])).stdout);
    const skills = list.stacks.find((st: { id: string }) => st.id === 'supabase').skills;
    expect(skills.find((k: { name: string }) => k.name === 'add-migration').description).toBe('Migrations for Supabase backend (supabase).');
  });

  it("a skill's other files are left out when its SKILL.md renders to nothing", async () => {
    const dir = templatesCopy();
    writeFileSync(join(dir, 'shared/skills/add-migration/checklist.md'), 'Checklist\n');
    const source = await folderSource(dir);
    const without = await renderInMemory(source, answersFor('supabase', { supabase: false }), 'x');
    expect(without.filter((f) => f.path.startsWith('.claude/skills/'))).toEqual([]);
    const withIt = await renderInMemory(source, answersFor('supabase'), 'x');
    expect(withIt.map((f) => f.path)).toContain('.claude/skills/add-migration/checklist.md');
  });

  it('an agent keeps the skills its template lists, and gains the ones stack.json gives it', async () => {
    const dir = templatesCopy();
    const path = join(dir, 'stacks/supabase/agents/test-engineer.md.hbs');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^model: /m, 'skills: [add-edge-function, my-own]\nmodel: '));
    const planned = await renderInMemory(await folderSource(dir), answersFor('supabase', { agents: ['test-engineer'] }), 'x');
    const agent = planned.find((f) => f.path === '.claude/agents/test-engineer.md')!.content;
    expect(readFrontMatter(agent).data.skills).toEqual(['add-edge-function', 'my-own', 'add-migration']);
  });

  it("CLAUDE.md's kit lines read the rendered settings and MCP servers, and say nothing of what is not rendered", async () => {
    const dir = templatesCopy();
    mkdirSync(join(dir, 'shared/settings'), { recursive: true });
    const permissions = {
      deny: ['Read(./.env)', 'Read(./.env.*)'],
      ask: ['Bash(npx supabase db push *)', 'Bash(supabase db push:*)', 'Bash(npx supabase * --linked*)'],
      allow: ['Bash(npx deno test:*)'],
    };
    writeFileSync(join(dir, 'shared/settings/settings.json.hbs'), JSON.stringify({ permissions }));
    const source = await folderSource(dir);
    const claudeMd = async (more: Partial<Answers>) =>
      (await renderInMemory(source, answersFor('vue-crm', { agents: ['supabase-mcp-production-architect'], ...more }), 'x')).find(
        (f) => f.path === 'CLAUDE.md',
      )!.content;
    const all = await claudeMd({});
    expect(all).toContain(
      '## Settings\n\n`.claude/settings.json` denies `Read(./.env)`, `Read(./.env.*)`; it asks before `supabase db push`, `supabase * --linked`.\n\n',
    );
    expect(all).toContain('## MCP servers\n\n`.mcp.json` connects `supabase`.\n\n## Commands');
    const none = await claudeMd({ kit: [] });
    expect(none).not.toMatch(/## Skills|## Settings|## MCP servers|settings\.json|\.mcp\.json/);
    expect(none).toContain('\n\n## Commands');
    expect(none).not.toContain('\n\n\n');
  });

  const broken: Array<[string, (dir: string) => void, RegExp]> = [
    [
      'a name that is not the folder',
      (dir) => writeFileSync(join(dir, 'shared/skills/add-migration/SKILL.md.hbs'), '---\nname: migrations\ndescription: d\n---\nx\n'),
      /shared\/skills\/add-migration\/SKILL\.md\.hbs: front matter "name" must be "add-migration"/,
    ],
    [
      'a skill without a description',
      (dir) => writeFileSync(join(dir, 'shared/skills/add-migration/SKILL.md.hbs'), '---\nname: add-migration\n---\nx\n'),
      /shared\/skills\/add-migration\/SKILL\.md\.hbs: front matter "description" must be text/,
    ],
    [
      'a skill folder without SKILL.md',
      (dir) => {
        mkdirSync(join(dir, 'shared/skills/notes'));
        writeFileSync(join(dir, 'shared/skills/notes/README.md'), 'x\n');
      },
      /the skill folder notes\/ has no SKILL\.md/,
    ],
    [
      'an agent preloading a skill that has no template',
      (dir) => {
        const json = join(dir, 'stacks/supabase/stack.json');
        const stack = JSON.parse(readFileSync(json, 'utf8'));
        stack.agents.find((a: { name: string }) => a.name === 'database-engineer').skills = ['add-table'];
        writeFileSync(json, JSON.stringify(stack));
      },
      /stack\.json: agent "database-engineer" preloads skill "add-table", but no skills\/<name>\/SKILL\.md\.hbs has that name/,
    ],
  ];
  for (const [what, change, message] of broken) {
    it(`names the file to fix for ${what}`, async () => {
      const dir = templatesCopy();
      change(dir);
      await expect(folderSource(dir)).rejects.toThrow(message);
    });
  }
});

describe("list shows each stack's skills", () => {
  it('as text and as JSON, from the registry written at build time', async () => {
    const text = await runCli(['list']);
    expect(text.code).toBe(0);
    const blocks = text.stdout.split('\n\n');
    for (const stack of STACKS) {
      const block = blocks.find((b) => b.startsWith(`${stack}`))!;
      const listed = /^ {4}Skills: (.*)$/m.exec(block)?.[1]?.split(', ');
      expect(listed, stack).toEqual(expect.arrayContaining(['/add-edge-function', '/add-migration']));
    }
    const json = JSON.parse((await runCli(['list', '--json'])).stdout);
    const project = await renderProject('vue-crm');
    const listed = json.stacks.find((s: { id: string }) => s.id === 'vue-crm').skills;
    expect(listed.map((s: { name: string }) => s.name)).toEqual(['add-edge-function', 'add-migration']);
    for (const skill of listed) expect(skill.description).toBe(frontMatter(project, `.claude/skills/${skill.name}/SKILL.md`).description);
  });
});
