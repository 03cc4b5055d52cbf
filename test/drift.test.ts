import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectFacts } from '../src/check/drift-facts.js';
import { checkDrift, missing } from '../src/check/drift-rules.js';
import { acknowledged, type Claim, classify, pathClaim, payloadKeys } from '../src/check/drift-spans.js';
import { type Finding, sortFindings } from '../src/check/finding.js';
import { memoryTree } from '../src/check/tree.js';
import { runCli } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';

const claims = (text: string, functions: string[] = []) =>
  classify(text, { functions: new Set(functions) }).map((c) => `${c.kind}${c.weak ? ' (weak)' : ''} ${c.name}`);

describe('which backticked names are claims about the project', () => {
  const cases: Array<[string, string, string[]]> = [
    // Not names of the project: left alone.
    ['a command', 'Run `npx supabase db reset` and `npm run dev`.', []],
    ['SQL', 'A policy with `using (true)`, `with check`, `(select auth.uid())` or `alter table public.x enable row level security;` is wrong.', []],
    ['code expressions', 'Call `supabase.auth.getUser()` and `createHandler(deps)`; read `Deno.env.get(...)`.', []],
    ['HTTP headers', 'Verify `X-Hub-Signature-256`, `Authorization` and `Idempotency-Key`.', []],
    ['Claude Code tools', 'Use `Grep`, `Edit` and `MultiEdit`.', []],
    ['npm packages and specifiers', 'Import `@supabase/supabase-js`, `npm:stripe@17`, `astro/container`, `@vue/test-utils`.', ['path (weak) astro/container']],
    ['URLs and routes', 'Open `https://mcp.supabase.com/mcp`, `/admin/**`, `/login` and `http://127.0.0.1:54321/rest/v1/`.', []],
    ['app paths, made by the stack create command', 'Components live in `src/components/**/*.vue`, `public/icons/*`, `tests/e2e/*.spec.ts`.', []],
    // Weak: reported only when the first folder is the project's or one create-agents makes (see below).
    ['relative folder names', 'Folders `inbox/`, `auth/` and `api/auth/signout`.', ['path (weak) inbox/', 'path (weak) auth/', 'path (weak) api/auth/signout']],
    ['bare file names', 'Keep `handler.ts` and `TextField.vue` small.', []],
    ['grep patterns', 'Grep for `SERVICE_ROLE`, `service_role` and `n8n/workflows/*.json`.', []],
    ['an event name outside any variable talk', 'Listen for `SIGNED_IN` and `TOKEN_REFRESHED`.', []],
    ['a prefix', 'Only `VITE_` variables reach the browser.', []],
    ['.env files the user writes', 'Secrets go in `.env` and `supabase/functions/.env`.', []],
    ['fenced code', 'Text\n\n```sh\necho `N8N_WEBHOOK_URL`\n```\n', []],
    ['a name still to be created', 'Billing is kept by a `stripe-webhook` function, which is still to be created.', []],
    ['a marked path', 'Exports go to `n8n/workflows/*.json` (to create).', []],
    ['a folder not there yet', 'No `supabase/` folder yet: run `npx supabase init` to create it.', []],
    ['a file made later', '`src/env.d.ts` and `.mcp.json` are created by `npm create astro`.', []],
    ['a table the app adds', 'The `saved_replies` table does not exist yet.', []],
    [
      'a list item whose next sentence marks it',
      '- `supabase/rollbacks/*.sql`: the undo scripts. The folder does not exist in a fresh project: create it with the first rollback.\n- `perf/k6/*.js`: load tests.',
      ['path perf/k6/*.js'],
    ],
    ['a shape that is not a function payload', 'The change goes to IndexedDB as `{ id, recordedAt }`.', []],
    ['an agent name', 'Hand it to the `test-engineer` agent.', []],
    ['a SQL or JS function', 'The `now()` function, the `set_updated_at` trigger function and the `handler` function.', []],
    ['a kebab name called a function of SQL', 'The database function `is-member` is fine.', []],
    ['a schema', 'Every table in `public` has RLS; `public` tables too.', []],
    ['a placeholder at the start', 'Write `<name>/index.ts`.', []],
    ['e.g. is not a sentence end', 'Variables, e.g. `SIGNED_IN` handling, are read from env.', ['variable SIGNED_IN']],

    // Variables.
    ['a variable by its shape', 'Set `N8N_WEBHOOK_URL` and `STRIPE_SECRET_KEY`.', ['variable N8N_WEBHOOK_URL', 'variable STRIPE_SECRET_KEY']],
    ['a variable by its sentence', 'The environment variable `MAX_RETRIES` limits retries.', ['variable MAX_RETRIES']],
    [
      'variables read in code',
      'Use `createClient(import.meta.env.VITE_SUPABASE_URL)`, `Deno.env.get("META_APP_SECRET")`, `env(OPENAI_API_KEY)`.',
      ['variable VITE_SUPABASE_URL', 'variable META_APP_SECRET', 'variable OPENAI_API_KEY'],
    ],
    ['an assignment', 'Run with `SUPABASE_PROJECT_REF=abc`.', ['variable SUPABASE_PROJECT_REF']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text names the variable as .mcp.json does.
    ['a URL with a variable', 'It calls `https://mcp.supabase.com/mcp?project_ref=${SUPABASE_PROJECT_REF}`.', ['variable SUPABASE_PROJECT_REF']],

    // Paths.
    ['a path with an extension', 'Exports are in `n8n/workflows/*.json`.', ['path n8n/workflows/*.json']],
    ['a folder', 'Tests are in `supabase/tests/`.', ['path (weak) supabase/tests/']],
    ['a root dotfile', 'Servers are in `.mcp.json`; copy `.env.example`.', ['path .mcp.json', 'path .env.example']],
    [
      'a placeholder cuts the path',
      'Each function is `supabase/functions/<name>/`; reports `perf/reports/YYYY-MM-DD-<topic>.md`.',
      ['path (weak) supabase/functions/', 'path (weak) perf/reports/'],
    ],
    ['a path relative to a folder', 'Read `notify-installer/handler.ts`.', ['path notify-installer/handler.ts']],

    // Edge Functions.
    ['a function by the word after', 'Billing is kept up to date by a `stripe-webhook` function.', ['edge-function stripe-webhook']],
    [
      'a list of Edge Functions',
      'The Edge Functions `whatsapp-webhook`, `instagram-webhook` and `messenger-webhook` write.',
      ['edge-function whatsapp-webhook', 'edge-function instagram-webhook', 'edge-function messenger-webhook'],
    ],
    ['a one-word Edge Function', 'The Edge Function `hello` answers.', ['edge-function hello']],
    ['a function URL', 'POST to `/functions/v1/n8n-callback`.', ['edge-function n8n-callback']],
    ['a config block', 'Set `[functions.notify-installer]` verify_jwt.', ['edge-function notify-installer']],
    ['a CLI command', 'Run `npx supabase functions serve notify-installer`.', ['edge-function notify-installer']],
    ['an invoke call', "Call `supabase.functions.invoke('crm-business-logic', { body })`.", ['edge-function crm-business-logic']],

    // Tables, views, database functions.
    ['a table by the word after', 'Every webhook needs the `channel_accounts` table.', ['table channel_accounts']],
    ['tables by the word before', 'The views `contact_list_view` and `public.stats` are read-only.', ['table contact_list_view', 'table stats']],
    ['a qualified name', 'Profiles are in `public.profiles`.', ['schema-object profiles']],
    ['a qualified function', 'Policies call `public.is_org_member(org)`.', ['database-function is_org_member']],
    ['typed table names', "Type rows as `Tables<'contacts'>` and `TablesInsert<'deals'>`.", ['table contacts', 'table deals']],
    ['a from() call', "Query `supabase.from('messages')`.", ['table messages']],
    ['an index', 'Index `memberships (user_id, organization_id)` and `runs (owner_id, created_at desc)`.', ['table memberships', 'table runs']],
  ];
  it.each(cases)('%s', (_label, text, expected) => {
    expect(claims(text)).toEqual(expected);
  });

  it('reads payload keys only in a sentence that names an Edge Function', () => {
    const text = '`trigger-workflow` POSTs the body `{ runId, "input": {...}, userId: <uuid> }`.';
    expect(claims(text, ['trigger-workflow'])).toEqual(['payload-key runId', 'payload-key input', 'payload-key userId']);
    expect(claims('It POSTs to `/functions/v1/n8n-callback` the body `{ "runKey": 1 }`.')).toEqual(['edge-function n8n-callback', 'payload-key runKey']);
    expect(claims(text, [])).toEqual([]);
  });

  it('takes only key-shaped items as a payload', () => {
    expect(payloadKeys('{ a, "b": 1, c: { d: 2 }, ...rest }')).toEqual(['a', 'b', 'c']);
    expect(payloadKeys("{ count: 'exact' }")).toEqual(['count']);
    expect(payloadKeys('{ a b }')).toBeNull();
    expect(payloadKeys('{ }')).toBeNull();
  });

  it('gives the line of each claim', () => {
    const text = '---\nname: x\n---\nIntro.\n\nSet `N8N_WEBHOOK_URL` here.\n';
    const [claim] = classify(text);
    expect(text.slice(0, claim!.offset).split('\n').length).toBe(6);
  });

  it('classifies paths', () => {
    expect(pathClaim('supabase/tests/*.test.sql')).toEqual({ path: 'supabase/tests/*.test.sql', weak: false });
    expect(pathClaim('supabase/rollbacks/')).toEqual({ path: 'supabase/rollbacks/', weak: true });
    expect(pathClaim('src/lib/x.ts')).toBeNull();
    expect(pathClaim('docs/a b.md')).toBeNull();
    expect(pathClaim('../x.ts')).toBeNull();
  });

  it('acknowledges names a sentence marks as still to create, and names a sentence maps', () => {
    expect(acknowledged('Notes that say `security-agent` mean `security-vulnerability-analyzer`.')).toEqual(['security-agent']);
    expect(acknowledged('- `sql/**/*.sql` is `supabase/migrations/*.sql` here.')).toEqual(['sql/**/*.sql']);
    expect(acknowledged('`supabase/` is not generated yet: run `npx supabase init`.\n\n`x` stays.')).toEqual(['supabase/', 'npx supabase init']);
    // The whole list item counts, not only the span's sentence.
    expect(acknowledged('- `a/b.sql`: scripts. The folder does not exist in a fresh project.\n- `c/d.sql`.')).toEqual(['a/b.sql']);
    expect(acknowledged('There is no `pinData` in `n8n/workflows/*.json`.')).toEqual([]);
  });
});

describe('which claims the project answers', () => {
  const facts: ProjectFacts = {
    variables: new Set(['N8N_WEBHOOK_SECRET', 'OPENAI_API_KEY']),
    rootEntries: new Set(['supabase', '.claude', '.env.example', 'CLAUDE.md']),
    paths: [
      '.env.example',
      'CLAUDE.md',
      'supabase/',
      'supabase/functions/',
      'supabase/functions/notify/',
      'supabase/functions/notify/handler.ts',
      'supabase/tests/rls.test.sql',
    ],
    edgeFunctions: new Set(['notify']),
    relations: new Set(['public.contacts', 'public.contact_view']),
    databaseFunctions: new Set(['public.is_member']),
    functionCode: new Map([['notify', 'const { runId, output } = await req.json();']]),
    declared: new Set(['APP_SECRET']),
  };
  const claim = (kind: Claim['kind'], name: string, weak?: boolean): Claim => ({
    kind,
    name,
    span: name,
    offset: 0,
    ...(weak ? { weak } : {}),
    ...(kind === 'payload-key' ? { functions: ['notify'] } : {}),
  });
  const cases: Array<[Claim, boolean]> = [
    [claim('variable', 'N8N_WEBHOOK_SECRET'), true],
    [claim('variable', 'OPENAI_API_KEY'), true],
    [claim('variable', 'SUPABASE_SERVICE_ROLE_KEY'), true],
    [claim('variable', 'N8N_WEBHOOK_URL'), false],
    [claim('variable', 'APP_SECRET'), true],
    [claim('path', 'supabase/tests/*.test.sql'), true],
    [claim('path', 'supabase/tests/*.sql'), true],
    [claim('path', 'supabase/**/*.ts'), true],
    [claim('path', 'supabase/functions/*/'), true],
    [claim('path', 'supabase/functions/notify/index.ts'), false],
    [claim('path', 'notify/handler.ts'), true],
    [claim('path', 'other/handler.ts'), false],
    [claim('path', 'n8n/workflows/*.json'), false],
    [claim('path', 'inbox/', true), true],
    [claim('path', 'supabase/rollbacks/', true), false],
    [claim('path', '.claude/settings.json'), false],
    [claim('edge-function', 'notify'), true],
    [claim('edge-function', 'stripe-webhook'), false],
    [claim('table', 'contacts'), true],
    [claim('table', 'contact_view'), true],
    [claim('table', 'channel_accounts'), false],
    [claim('schema-object', 'is_member'), true],
    [claim('database-function', 'is_member'), true],
    [claim('database-function', 'contacts'), false],
    [claim('payload-key', 'runId'), true],
    [claim('payload-key', 'runKey'), false],
  ];
  it.each(cases)('%o: %s', (c, has) => {
    expect(missing(c, facts) === null).toBe(has);
  });

  it('names the file and says what to do', () => {
    expect(missing(claim('variable', 'N8N_WEBHOOK_URL'), facts)).toEqual({
      message: 'N8N_WEBHOOK_URL is named as a variable, but .env.example does not list it.',
      fix: 'Add N8N_WEBHOOK_URL= to .env.example with a comment on where its value comes from (# N8N_WEBHOOK_URL= when optional), or correct the name.',
    });
    // A payload of a function the project lacks: drift/edge-function reports the function instead.
    expect(missing({ ...claim('payload-key', 'runKey'), functions: ['gone'] }, facts)).toBeNull();
    expect(missing(claim('payload-key', 'runKey'), facts)?.message).toBe('runKey is given as a payload key of notify, but its code never uses it (in runKey).');
  });
});

describe('drift in a project', () => {
  const agent = (body: string) => `---\nname: database-engineer\ndescription: d\n---\n${body}\n`;
  const project = (claude: string, body: string) =>
    memoryTree([
      { path: 'CLAUDE.md', content: claude },
      { path: '.claude/agents/database-engineer.md', content: agent(body) },
      { path: '.env.example', content: '# N8N_WEBHOOK_SECRET=\n' },
    ]);
  const body =
    'Migrations go in `supabase/migrations/*.sql`.\nThe `profiles` table and the `hello` Edge Function.\nSecrets: `N8N_WEBHOOK_SECRET`, `N8N_WEBHOOK_URL`.\nRead `hello/handler.ts`.';
  const found = async (claude: string, text = body) => sortFindings(await checkDrift(project(claude, text))).map((f) => `${f.file}:${f.line} ${f.rule}`);

  it('names file, line and rule of each missing name', async () => {
    expect(await found('# App\n')).toEqual([
      '.claude/agents/database-engineer.md:5 drift/path',
      '.claude/agents/database-engineer.md:6 drift/edge-function',
      '.claude/agents/database-engineer.md:6 drift/table',
      '.claude/agents/database-engineer.md:7 drift/variable',
      '.claude/agents/database-engineer.md:8 drift/path',
    ]);
  });

  it('takes a folder CLAUDE.md marks as still to create for everything in it', async () => {
    expect(await found('No `supabase/` folder yet: run `npx supabase init` to create it.\n')).toEqual(['.claude/agents/database-engineer.md:7 drift/variable']);
  });

  it('takes a glob marked as still to create for its folder', async () => {
    const text = '- `supabase/rollbacks/*.sql`: undo scripts (to create).\n\nWrite `supabase/rollbacks/<timestamp>_x.sql`.';
    expect(await found('# App\n', text)).toEqual([]);
    expect(await found('# App\n', text.replace(' (to create)', ''))).toEqual([
      '.claude/agents/database-engineer.md:5 drift/path',
      '.claude/agents/database-engineer.md:7 drift/path',
    ]);
  });

  it('takes a name CLAUDE.md maps to the project own for the name everywhere', async () => {
    const text = 'Database schema changes: `sql/**/*.sql`.';
    expect(await found('# App\n', text)).toEqual(['.claude/agents/database-engineer.md:5 drift/path']);
    expect(await found("The lead's `sql/**/*.sql` means the migrations folder.\n", text)).toEqual([]);
  });

  it('reads skills, and not a skill folder without SKILL.md', async () => {
    const tree = memoryTree([
      { path: '.claude/skills/deploy/SKILL.md', content: '---\nname: deploy\ndescription: d\n---\nSet `DEPLOY_TOKEN` in the environment.\n' },
      { path: '.claude/skills/notes/README.md', content: 'Set `OTHER_TOKEN`.\n' },
    ]);
    expect((await checkDrift(tree)).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      '.claude/skills/deploy/SKILL.md:5 DEPLOY_TOKEN is named as a variable, but .env.example does not exist.',
    ]);
  });
});

/** Runs `check --json` on a folder: the exit code and the findings. */
async function check(dir: string): Promise<{ code: number | null; findings: Finding[] }> {
  const result = await runCli(['check', '--json', dir], { timeoutMs: 60_000 });
  return { code: result.code, findings: (JSON.parse(result.stdout) as { findings: Finding[] }).findings };
}

const key = (f: Finding) => `${f.rule} ${f.file}:${f.line} ${f.message}`;

/** The findings `change` adds to a fresh render of `stack`; whatever drift the render had stays out. */
async function addedBy(stack: string, change: (dir: string) => void): Promise<{ code: number | null; added: Finding[] }> {
  const dir = await renderProject(stack);
  const before = new Set((await check(dir)).findings.map(key));
  change(dir);
  const after = await check(dir);
  return { code: after.code, added: after.findings.filter((f) => !before.has(key(f))) };
}

const edit = (dir: string, path: string, change: (text: string) => string) => writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));

describe('check finds drift made after generation', () => {
  it('a table dropped by a later migration', async () => {
    const { code, added } = await addedBy('supabase', (dir) => {
      writeFileSync(join(dir, 'supabase/migrations/29990101000000_drop_profiles.sql'), 'drop table public.profiles cascade;\n');
    });
    expect(code).toBe(1);
    const drift = added.filter((f) => f.rule.startsWith('drift/'));
    expect(drift.length).toBeGreaterThan(0);
    expect(drift.every((f) => f.rule === 'drift/table' && /\bprofiles\b/.test(f.message) && f.severity === 'error')).toBe(true);
    expect(drift.map((f) => f.file)).toContain('.claude/agents/database-engineer.md');
  });

  it('a view renamed in its migration', async () => {
    const { added } = await addedBy('vue-crm', (dir) => {
      const file = readdirSync(join(dir, 'supabase/migrations')).find((f) => f.endsWith('_crm_views.sql'))!;
      edit(dir, `supabase/migrations/${file}`, (sql) => sql.replaceAll(/\bpublic\.contact_list_view\b/g, 'public.contact_list_view_renamed'));
    });
    expect(added.map((f) => f.rule)).toContain('drift/table');
    expect(added.filter((f) => f.rule === 'drift/table').every((f) => f.message.includes('contact_list_view'))).toBe(true);
  });

  it('an Edge Function whose folder is renamed', async () => {
    const { code, added } = await addedBy('n8n-api', (dir) => {
      renameSync(join(dir, 'supabase/functions/trigger-workflow'), join(dir, 'supabase/functions/start-workflow'));
    });
    expect(code).toBe(1);
    const drift = added.filter((f) => f.rule.startsWith('drift/'));
    expect(drift.map((f) => f.rule)).toEqual(expect.arrayContaining(['drift/edge-function', 'drift/path']));
    expect(drift.every((f) => f.message.includes('trigger-workflow'))).toBe(true);
  });

  it('a variable removed from .env.example, and one left commented out', async () => {
    const { code, added } = await addedBy('n8n-api', (dir) => {
      edit(dir, '.env.example', (text) => text.replace(/^N8N_WEBHOOK_SECRET=.*\n/m, '').replace(/^N8N_CALLBACK_SECRET=/m, '# N8N_CALLBACK_SECRET='));
    });
    expect(code).toBe(1);
    const drift = added.filter((f) => f.rule.startsWith('drift/'));
    expect(drift.length).toBeGreaterThan(0);
    expect(drift.every((f) => f.rule === 'drift/variable' && f.message.startsWith('N8N_WEBHOOK_SECRET '))).toBe(true);
    expect(drift.map((f) => f.file)).toContain('.claude/agents/security-reviewer.md');
  });

  it('a payload key the functions stop using, and names in a skill', async () => {
    const { added } = await addedBy('astro-ims', (dir) => {
      for (const file of ['handler.ts', 'index.ts'])
        edit(dir, `supabase/functions/notify-installer/${file}`, (code) => code.replaceAll('scheduledFor', 'scheduledAt'));
      mkdirSync(join(dir, '.claude/skills/notify'), { recursive: true });
      writeFileSync(
        join(dir, '.claude/skills/notify/SKILL.md'),
        '---\nname: notify\ndescription: d\n---\nRead `PUSH_VAPID_KEY` and write `supabase/functions/push/index.ts`.\n',
      );
    });
    expect(added.map((f) => `${f.rule} ${f.file}`)).toEqual(
      expect.arrayContaining([
        'drift/payload-key .claude/agents/pwa-engineer.md',
        'drift/variable .claude/skills/notify/SKILL.md',
        'drift/path .claude/skills/notify/SKILL.md',
      ]),
    );
    expect(added.find((f) => f.rule === 'drift/payload-key')!.message).toMatch(/^scheduledFor /);
  });

  it('not in a folder that create-agents did not make', async () => {
    const dir = await renderProject('n8n-api');
    rmSync(join(dir, '.create-agents.json'));
    expect((await check(dir)).findings.filter((f) => f.rule.startsWith('drift/'))).toEqual([]);
  });
});
