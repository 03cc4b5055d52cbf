import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodePlop from 'node-plop';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BIN, REPO, runCli, tempDir } from './helpers/cli.js';
import { as, schemaProblems, supabaseDb } from './helpers/pglite.js';

/**
 * generators/plopfile.mjs, the template maintainers' generators, run through node-plop itself with
 * every answer given up front (what `plop` does after the prompts), into copies of templates/.
 * The checks run the built command: `npm run build` first.
 */
const PLOPFILE = join(REPO, 'generators/plopfile.mjs');

const STACK = {
  id: 'next-saas',
  description: 'Next.js SaaS starter on Supabase',
  projectName: 'Acme SaaS',
  lead: 'backend-architect',
  leadPurpose: 'API routes, schema, RLS and Edge Functions',
  table: 'projects',
};
const AGENT = {
  stack: 'next-saas',
  name: 'frontend-engineer',
  purpose: 'Next.js pages, components and auth screens',
  tools: ['Read', 'Edit', 'Grep', 'Glob'],
  model: 'haiku',
  color: 'green',
};

async function plopInto(dest: string) {
  return nodePlop(PLOPFILE, { destBasePath: dest, force: false });
}

function copyOfTemplates(): string {
  const dest = join(tempDir('plop-'), 'templates');
  cpSync(join(REPO, 'templates'), dest, { recursive: true });
  return dest;
}

const read = (path: string) => readFileSync(path, 'utf8');
const readJson = (path: string) => JSON.parse(read(path));
/** Every file under a folder, relative to it. */
const filesUnder = (dir: string): string[] =>
  (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath: string; name: string }>)
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

function frontMatter(text: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  expect(match, 'front matter between --- lines').not.toBeNull();
  return parseYaml(match![1]!, { strict: true, uniqueKeys: true });
}

/** The built-in stacks: drift/* in their text is test/drift-templates.test.ts's to report, while it is brought in line. */
const BUILTIN_STACKS = new Set<string>(readJson(join(REPO, 'templates/registry.json')).stacks);
const builtinDrift = (f: { file: string; rule: string }) => f.rule.startsWith('drift/') && BUILTIN_STACKS.has(f.file.split('/')[0]!);

/** `create-agents check --templates-dir <root> --json`: the exit code and the errors it lists (besides the built-in stacks' drift). */
async function checkTemplates(root: string) {
  expect(existsSync(BIN), 'dist/cli.js: run npm run build first').toBe(true);
  const result = await runCli(['check', '--templates-dir', root, '--json']);
  const report = JSON.parse(result.stdout) as { findings: Array<{ file: string; rule: string; severity: string; message: string }> };
  const errors = report.findings.filter((f) => f.severity === 'error');
  const code = errors.every(builtinDrift) ? 0 : result.code;
  return { code, report, errors: errors.filter((f) => !builtinDrift(f)), stderr: result.stderr };
}

describe('generators/plopfile.mjs', () => {
  it('has the stack and agent generators', async () => {
    const plop = await plopInto(copyOfTemplates());
    expect(plop.getGeneratorList().map((g) => g.name)).toEqual(['stack', 'agent']);
    expect((plop.getGenerator('stack').prompts as Array<{ name: string }>).map((p) => p.name)).toEqual([
      'id',
      'description',
      'projectName',
      'lead',
      'leadPurpose',
      'table',
    ]);
    const agent = plop.getGenerator('agent').prompts as Array<{ name: string; type: string; choices?: string[] }>;
    expect(agent.map((p) => p.name)).toEqual(['stack', 'name', 'purpose', 'description', 'tools', 'model', 'color']);
    expect(agent[0]!.choices).toEqual(readJson(join(REPO, 'templates/registry.json')).stacks);
  });

  it('works on the built-in templates/ when plop is given no --dest', async () => {
    const plop = await nodePlop(PLOPFILE);
    const stacks = readJson(join(REPO, 'templates/registry.json')).stacks;
    expect((plop.getGenerator('agent').prompts as Array<{ choices?: string[] }>)[0]!.choices).toEqual(stacks);
    await expect(plop.getGenerator('stack').runActions({ ...STACK, id: stacks[0] })).rejects.toThrow(`${join(REPO, 'templates', 'registry.json')}`);
  });

  it('runs under the plop CLI, answers given on the command line', () => {
    const root = copyOfTemplates();
    const plop = (...args: string[]) =>
      spawnSync(process.execPath, [join(REPO, 'node_modules/plop/bin/plop.js'), '--plopfile', PLOPFILE, '--dest', root, ...args], {
        cwd: REPO,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 60_000,
      });
    const stack = plop('stack', STACK.id, STACK.description, STACK.projectName, STACK.lead, STACK.leadPurpose, STACK.table);
    expect(stack.status, stack.stderr).toBe(0);
    expect(readJson(join(root, 'registry.json')).stacks).toContain(STACK.id);
    const agent = plop('agent', STACK.id, AGENT.name, AGENT.purpose, 'Use this agent for the {{project.name}} web app.', 'Read,Edit', 'opus', 'pink');
    expect(agent.status, agent.stderr).toBe(0);
    expect(frontMatter(read(join(root, 'stacks', STACK.id, 'agents', `${AGENT.name}.md.hbs`)))).toMatchObject({
      tools: 'Read, Edit',
      model: 'opus',
      color: 'pink',
    });

    const bad = plop('agent', STACK.id, 'Bad_Name');
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).toContain('The agent name "Bad_Name" is not kebab-case');
  });

  it('stack, then agent on the new stack: the files, the JSON, and the checker finds no error', async () => {
    const root = copyOfTemplates();
    const registryBefore = readJson(join(root, 'registry.json'));
    const plop = await plopInto(root);

    const stack = await plop.getGenerator('stack').runActions({ ...STACK });
    expect(stack.failures).toEqual([]);
    const dir = join(root, 'stacks', STACK.id);
    const files = filesUnder(dir);
    expect(files).toEqual([
      'agents/backend-architect.md.hbs',
      'files/CLAUDE.md.hbs',
      'stack.json',
      expect.stringMatching(/^supabase\/migrations\/\d{14}_init\.sql$/),
    ]);
    // The migration's version is the UTC time it was written at.
    const version = /(\d{14})_init/.exec(files[3]!)![1]!;
    expect(Math.abs(Date.parse(version.replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1-$2-$3T$4:$5:$6Z')) - Date.now())).toBeLessThan(120_000);

    expect(readJson(join(root, 'registry.json'))).toEqual({ ...registryBefore, stacks: [...registryBefore.stacks, STACK.id] });
    expect(readJson(join(dir, 'stack.json'))).toEqual({
      description: STACK.description,
      defaults: { name: STACK.projectName },
      lead: STACK.lead,
      agents: [{ name: STACK.lead, purpose: STACK.leadPurpose }],
    });
    const lead = read(join(dir, 'agents/backend-architect.md.hbs'));
    expect(frontMatter(lead)).toEqual({
      name: 'backend-architect',
      description: `Use this agent in {{project.name}} for ${STACK.leadPurpose}.`,
      tools: 'Read, Write, Edit, Bash, Grep, Glob',
      model: 'sonnet',
      color: 'blue',
    });
    expect(read(join(dir, 'files/CLAUDE.md.hbs'))).toContain('{{#each team}}');

    const sql = read(join(dir, files[3]!));
    expect(sql).toContain('create table public.projects (');
    expect(sql).toContain('alter table public.projects enable row level security;');
    for (const op of ['select', 'insert', 'update', 'delete']) expect(sql).toMatch(new RegExp(`for ${op} to authenticated[^;]*\\(select auth\\.uid\\(\\)\\)`));
    expect(sql).toContain('grant select, insert, update, delete on table public.projects to authenticated');
    expect(sql.split('\n').filter((line) => line.startsWith('grant'))).toEqual([expect.not.stringContaining('anon')]);

    const agent = await plop.getGenerator('agent').runActions({ ...AGENT });
    expect(agent.failures).toEqual([]);
    expect(readJson(join(dir, 'stack.json')).agents).toEqual([
      { name: STACK.lead, purpose: STACK.leadPurpose },
      { name: AGENT.name, purpose: AGENT.purpose },
    ]);
    const body = read(join(dir, `agents/${AGENT.name}.md.hbs`));
    expect(frontMatter(body)).toEqual({
      name: AGENT.name,
      description: `Use this agent in {{project.name}} for ${AGENT.purpose}.`,
      tools: 'Read, Edit, Grep, Glob',
      model: 'haiku',
      color: 'green',
    });
    expect(body).toContain(`${STACK.lead}, the lead of the team`);
    // The other stacks are as they were.
    expect(read(join(root, 'stacks/supabase/stack.json'))).toBe(read(join(REPO, 'templates/stacks/supabase/stack.json')));

    const check = await checkTemplates(root);
    expect(check.errors).toEqual([]);
    expect(check.code).toBe(0);
    // Every stack is rendered with the defaults, its lead alone, without each optional agent in turn
    // (when that differs from the lead alone), with --no-supabase, and with the kit without each of its
    // three parts and without any: the new one too.
    const teams = [...registryBefore.stacks, STACK.id].map(
      (id: string) => (JSON.parse(read(join(root, 'stacks', id, 'stack.json'))) as { agents: unknown[] }).agents.length - 1,
    );
    expect(teams.at(-1)).toBe(1);
    expect((check.report as unknown as { renders: number }).renders).toBe(
      teams.reduce((sum: number, optional: number) => sum + 3 + 4 + (optional > 1 ? optional : 0), 0),
    );
  });

  it('adding an agent to a built-in stack adds one entry to its stack.json, in the same style', async () => {
    const root = copyOfTemplates();
    const plop = await plopInto(root);
    // A hand-laid-out "supabase" block (config.toml settings) after the agents is kept as written.
    const path = join(root, 'stacks/supabase/stack.json');
    if (!read(path).includes('"supabase":')) {
      writeFileSync(
        path,
        read(path).replace(
          /\n\}\n$/,
          [
            ',',
            '  "supabase": {',
            '    "secrets": [',
            '      {',
            '        "name": "HELLO_SECRET",',
            '        "note": ["A note of two lines,", "kept as they are."]',
            '      }',
            '    ],',
            '    "functions": {',
            '      "hello": { "auth": "user", "note": "Called by signed-in users." }',
            '    }',
            '  }',
            '}',
            '',
          ].join('\n'),
        ),
      );
    }
    const before = read(path);
    expect(JSON.parse(before).supabase).toBeDefined();
    const result = await plop.getGenerator('agent').runActions({
      stack: 'supabase',
      name: 'api-reviewer',
      purpose: 'Read-only review of the API',
      description: 'Use this agent to review the {{project.name}} API: routes, auth and errors.',
    });
    expect(result.failures).toEqual([]);
    const after = read(join(root, 'stacks/supabase/stack.json'));
    expect(after).toBe(before.replace(/ \}\n {2}\]/, ' },\n    { "name": "api-reviewer", "purpose": "Read-only review of the API" }\n  ]'));
    // Defaults: tools Read, Grep, Glob; model sonnet; the first color no agent of the stack has.
    const fm = frontMatter(read(join(root, 'stacks/supabase/agents/api-reviewer.md.hbs')));
    expect(fm).toMatchObject({
      tools: 'Read, Grep, Glob',
      model: 'sonnet',
      description: 'Use this agent to review the {{project.name}} API: routes, auth and errors.',
    });
    const used = readdirSync(join(REPO, 'templates/stacks/supabase/agents')).map(
      (f) => /^color:\s*(\w+)/m.exec(read(join(REPO, 'templates/stacks/supabase/agents', f)))?.[1],
    );
    expect(used).not.toContain(fm.color);
    const check = await checkTemplates(root);
    expect(check.errors).toEqual([]);
  });

  it('starts a templates folder of its own in an empty folder, which the checker passes', async () => {
    const root = join(tempDir('plop-own-'), 'my-templates');
    mkdirSync(root);
    const plop = await plopInto(root);
    const result = await plop.getGenerator('stack').runActions({ ...STACK, table: 'items' });
    expect(result.failures).toEqual([]);
    expect(readJson(join(root, 'registry.json'))).toEqual({ stacks: [STACK.id], defaultStack: STACK.id });
    // The shared files come from the built-in ones.
    expect(filesUnder(join(root, 'shared'))).toEqual(filesUnder(join(REPO, 'templates/shared')));
    expect((await plop.getGenerator('agent').runActions({ ...AGENT })).failures).toEqual([]);

    const check = await checkTemplates(root);
    expect(check.errors).toEqual([]);
    expect(check.code).toBe(0);
  });

  it('the first migration passes the project checker and holds on a Supabase-like database', async () => {
    const root = join(tempDir('plop-sql-'), 'templates');
    mkdirSync(root);
    await (await plopInto(root)).getGenerator('stack').runActions({ ...STACK });
    const migrations = join(root, 'stacks', STACK.id, 'supabase/migrations');
    const [name] = readdirSync(migrations);
    const sql = read(join(migrations, name!));

    // The project rules of `create-agents check` (RLS read with PostgreSQL's own parser).
    const project = tempDir('plop-project-');
    mkdirSync(join(project, 'supabase/migrations'), { recursive: true });
    writeFileSync(join(project, 'supabase/config.toml'), 'project_id = "acme"\n');
    writeFileSync(join(project, 'supabase/migrations', name!), sql);
    const result = await runCli(['check', project, '--json']);
    expect(JSON.parse(result.stdout).findings).toEqual([]);
    expect(result.code).toBe(0);

    const db = await supabaseDb([{ name: name!, sql }]);
    try {
      expect(await schemaProblems(db, 'public')).toEqual([]);
      const [a, b] = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
      await db.query('insert into auth.users (id) values ($1), ($2)', [a, b]);
      await db.query(`insert into public.projects (owner_id, title) values ($1, 'A''s'), ($2, 'B''s')`, [a, b]);
      await as(db, a, async () => {
        expect((await db.query<{ title: string }>('select title from public.projects')).rows).toEqual([{ title: "A's" }]);
        const inserted = await db.query<{ owner_id: string }>(`insert into public.projects (title) values ('new') returning owner_id`);
        expect(inserted.rows).toEqual([{ owner_id: a }]);
        expect((await db.query('update public.projects set title = $1 where owner_id = $2', ['y', b])).affectedRows).toBe(0);
        // Last: a refused statement ends the transaction.
        await expect(db.query(`insert into public.projects (owner_id, title) values ($1, 'x')`, [b])).rejects.toThrow(/row-level security/);
      });
      await as(db, null, async () => {
        await expect(db.query('select * from public.projects')).rejects.toThrow(/permission denied/);
      });
    } finally {
      await db.close();
    }
  });

  describe('refuses bad answers with a message, writing nothing', () => {
    const cases: Array<[string, 'stack' | 'agent', Record<string, unknown>, RegExp]> = [
      ['a stack id that is not kebab-case', 'stack', { ...STACK, id: 'NextSaas' }, /The stack id "NextSaas" is not kebab-case/],
      ['a stack id with an underscore', 'stack', { ...STACK, id: 'next_saas' }, /The stack id "next_saas" is not kebab-case/],
      ['a stack that exists', 'stack', { ...STACK, id: 'supabase' }, /The stack "supabase" already exists/],
      ['a lead agent name that is not kebab-case', 'stack', { ...STACK, lead: 'Lead Dev' }, /The agent name "Lead Dev" is not kebab-case/],
      ['a table name PostgreSQL reserves', 'stack', { ...STACK, table: 'user' }, /"user" is a reserved word in PostgreSQL/],
      ['a missing answer', 'stack', { id: 'next-saas' }, /No answer for "description"/],
      ['Handlebars in a plain-text answer', 'stack', { ...STACK, leadPurpose: 'Owns {{everything}}' }, /must not contain \{\{ or \}\}/],
      ['an unknown stack', 'agent', { ...AGENT, stack: 'nope' }, /Unknown stack "nope": .*registry\.json lists vue-crm, /],
      ['an agent name that is not kebab-case', 'agent', { ...AGENT, stack: 'supabase', name: 'apiReviewer' }, /The agent name "apiReviewer" is not kebab-case/],
      [
        'an agent the stack has',
        'agent',
        { ...AGENT, stack: 'supabase', name: 'database-engineer' },
        /The stack "supabase" already has the agent "database-engineer"/,
      ],
      [
        'an alias the stack has',
        'agent',
        { ...AGENT, stack: 'react-chat', name: 'security-agent' },
        /already has the agent "security-agent" \(an alias of security-vulnerability-analyzer\)/,
      ],
      ['an unknown model', 'agent', { ...AGENT, stack: 'supabase', model: 'gpt' }, /The model "gpt" is not one of sonnet, opus, haiku, inherit/],
      ['a description with other Handlebars', 'agent', { ...AGENT, stack: 'supabase', description: 'Use {{#if x}}it{{/if}}' }, /may use \{\{project\.name\}\}/],
    ];
    it.each(cases)('%s', async (_label, generator, answers, message) => {
      const root = copyOfTemplates();
      const before = filesUnder(root).map((f) => [f, read(join(root, f))]);
      const plop = await plopInto(root);
      await expect(plop.getGenerator(generator).runActions(answers)).rejects.toThrow(message);
      expect(filesUnder(root).map((f) => [f, read(join(root, f))])).toEqual(before);
    });

    it('an agent for a folder that is not a templates folder', async () => {
      const plop = await plopInto(tempDir('plop-empty-'));
      await expect(plop.getGenerator('agent').runActions({ ...AGENT })).rejects.toThrow(/has no registry\.json: it is not a templates folder/);
    });
  });
});
