import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseAgentFile } from '../src/check/agent-file.js';
import { checkAgent, checkTeam, mentionsIn, vocabularyOf } from '../src/check/agent-rules.js';
import type { Finding } from '../src/check/finding.js';
import { checkAgentFiles, checkProject } from '../src/check/project.js';
import { checkSupabase, withoutCommentLines } from '../src/check/supabase-rules.js';
import { memoryTree } from '../src/check/tree.js';
import { parseValidatorOutput } from '../src/check/with-claude.js';
import { sha256 } from '../src/content-hash.js';
import { emitFrontMatter } from '../src/front-matter/emit.js';
import { type FrontMatterError, readFrontMatter } from '../src/front-matter/read.js';
import type { RegistryMeta } from '../src/templates/types.js';
import { REPO, runCli, tempDir } from './helpers/cli.js';
import { type ProjectOptions, renderProject } from './helpers/project.js';
import { SEED_DIR } from './helpers/seeds.js';

const STACKS: string[] = JSON.parse(readFileSync(join(REPO, 'templates/registry.json'), 'utf8')).stacks;

const REGISTRY: RegistryMeta = {
  defaultStack: 'chat',
  stacks: [
    {
      id: 'chat',
      description: 'd',
      defaults: { name: 'n' },
      lead: 'backend-architect',
      functions: [],
      commands: { now: [], local: [] },
      renames: [],
      migrations: [],
      skills: [],
      starter: { tests: [], seed: null, policyHelpers: [], updatedAtTrigger: null, sharedModules: [] },
      supabase: { siteUrl: 'http://127.0.0.1:3000', redirectUrls: [], redirectUrlsNote: [], realtimeNote: [], authProviders: [], secrets: [], functions: [] },
      agents: [
        { name: 'backend-architect', purpose: 'p' },
        { name: 'database-engineer', purpose: 'p' },
        { name: 'security-vulnerability-analyzer', purpose: 'p', aliases: ['security-agent'] },
      ],
    },
  ],
};

const agent = (fields: string, body = 'Body.\n') => `---\n${fields}\n---\n${body}`;
const GOOD = 'name: backend-architect\ndescription: Designs the backend.\nmodel: sonnet\ncolor: red\ntools: Read, Grep, Glob, Bash';

/** Parses and checks one file the way check does. */
function findingsOf(path: string, content: string | Buffer): Finding[] {
  return checkAgent(parseAgentFile(path, Buffer.isBuffer(content) ? content : Buffer.from(content)));
}
const rules = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.rule}${f.line ? `:${f.line}` : ''}`);

describe('agent rules, one file at a time', () => {
  const P = '.claude/agents/backend-architect.md';
  const cases: Array<[string, string | Buffer, string[]]> = [
    ['a valid agent', agent(GOOD), []],
    [
      'a full model id and MCP tools',
      agent('name: backend-architect\ndescription: d\nmodel: claude-sonnet-4-5\ntools: Read, mcp__supabase__list_tables, mcp__github'),
      [],
    ],
    ['no front matter', 'Just a prompt.\n', ['error agent/front-matter-missing:1']],
    ['no closing ---', '---\nname: backend-architect\ndescription: d\nBody\n', ['error agent/front-matter-unclosed:1']],
    [
      'a description with ": " as a plain scalar',
      agent('name: backend-architect\ndescription: Use it. Examples: <example>Context: x</example>'),
      ['error agent/front-matter-yaml:3'],
    ],
    ['tabs as indentation', agent('name: backend-architect\ndescription: d\n\tmodel: sonnet'), ['error agent/front-matter-yaml:4']],
    ['a duplicated key', agent('name: backend-architect\ndescription: d\nname: other'), ['error agent/front-matter-yaml:4']],
    ['front matter that is a list', agent('- a\n- b'), ['error agent/front-matter-mapping:2']],
    ['empty front matter', '---\n---\nBody\n', ['error agent/front-matter-mapping:2']],
    ['a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(agent(GOOD))]), ['error agent/bom:1']],
    ['CRLF line endings', agent(GOOD).replaceAll('\n', '\r\n'), ['info agent/line-endings:1']],
    ['binary content', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02, 0xff]), ['error agent/not-text']],
    ['invalid UTF-8', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0x0a]), ['error agent/not-text']],
    ['no name', agent('description: d'), ['error agent/name-missing']],
    ['no description', agent('name: backend-architect'), ['error agent/description-missing']],
    ['a description that is a list', agent('name: backend-architect\ndescription:\n  - a'), ['error agent/description-type:3']],
    ['a name with capitals (Claude Code loads it: a warning)', agent('name: Backend_Architect\ndescription: d'), ['warning agent/name-format:2']],
    ['a name too short (Claude Code loads it: a warning)', agent('name: ab\ndescription: d'), ['warning agent/name-format:2']],
    ['a name that is not text', agent('name: 12\ndescription: d'), ['error agent/name-format:2']],
    [
      "Claude Code's current tools and the model alias fable",
      agent(
        'name: backend-architect\ndescription: d\nmodel: fable\ntools: Agent, TaskOutput, TaskStop, SendMessage, AskUserQuestion, ExitPlanMode, ToolSearch',
      ),
      [],
    ],
    [
      'older tool names Claude Code maps',
      agent('name: backend-architect\ndescription: d\ntools: Task, BashOutput, KillShell'),
      ['warning agent/tools-alias:4', 'warning agent/tools-alias:4', 'warning agent/tools-alias:4'],
    ],
    ['a misspelled field', agent('name: backend-architect\ndescription: d\nmodle: sonnet'), ['warning agent/unknown-field:4']],
    [
      'fields Claude Code reads beyond the usual ones',
      agent('name: backend-architect\ndescription: d\nskills: a, b\nmaxTurns: 5\npermissionMode: plan\nmemory: project\neffort: high'),
      [],
    ],
    ['a name that is not the file name', agent('name: database-engineer\ndescription: d'), ['warning agent/file-name:2']],
    ['an unknown model', agent('name: backend-architect\ndescription: d\nmodel: gpt-4'), ['error agent/model:4']],
    ['an unknown color', agent('name: backend-architect\ndescription: d\ncolor: magenta'), ['warning agent/color:4']],
    ['an unknown tool', agent('name: backend-architect\ndescription: d\ntools: Read, Frobnicate'), ['error agent/tools:4']],
    [
      'retired tools',
      agent('name: backend-architect\ndescription: d\ntools: Read, MultiEdit, LS'),
      ['warning agent/tools-retired:4', 'warning agent/tools-retired:4'],
    ],
    ['tools as a YAML list', agent('name: backend-architect\ndescription: d\ntools:\n  - Read\n  - Bash(git status:*)'), []],
  ];
  for (const [what, content, expected] of cases) {
    it(what, () => expect(rules(findingsOf(P, content))).toEqual(expected));
  }

  it('a 5 MB file is one finding, read in well under a second', () => {
    const started = Date.now();
    const findings = findingsOf(P, agent(GOOD, 'word '.repeat(1_000_000)));
    expect(rules(findings)).toEqual(['error agent/too-large']);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('every finding carries a fix hint', () => {
    for (const [, content] of cases) for (const f of findingsOf(P, content)) expect(f.fix.length, f.rule).toBeGreaterThan(5);
  });
});

describe('the front-matter reader', () => {
  it('reads back what create-agents writes, data and body, with LF or CRLF line ends', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 80 });
    const value = fc.oneof(
      text,
      fc.array(text, { maxLength: 4 }).map((l) => l.join('\n')),
      fc.constantFrom('sonnet', 'Read, Grep', 'true', 'null', '12', 'a: b', ' lead', 'x #y', '|', '- a', 'tail\n\n', '\n\nlead'),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z_-]{0,10}$/), value, { minKeys: 1, maxKeys: 6 }), text, (data, body) => {
        const read = readFrontMatter(`${emitFrontMatter(data)}${body}`);
        expect(read.data).toEqual(data);
        expect(read.body).toBe(body);
      }),
      { numRuns: 1000 },
    );
    const crlf = readFrontMatter('---\r\nname: a-b\r\ndescription: d\r\n---\r\nBody\r\n');
    expect(crlf).toMatchObject({ data: { name: 'a-b', description: 'd' }, body: 'Body\r\n', keyLines: { name: 2, description: 3 } });
  });

  it('says what is wrong, with the line, and where the body is when the YAML is broken', () => {
    const problem = (text: string) => {
      try {
        readFrontMatter(text);
        return null;
      } catch (error) {
        const e = error as FrontMatterError;
        return { problem: e.problem, line: e.line, body: e.split ? text.slice(e.split.bodyOffset) : undefined };
      }
    };
    expect(problem('no front matter')).toEqual({ problem: 'missing', line: 1, body: undefined });
    expect(problem('---\nname: a\n')).toEqual({ problem: 'unclosed', line: 1, body: undefined });
    expect(problem('---\nname: a\ndescription: a: b\n---\nBody\n')).toEqual({ problem: 'yaml', line: 3, body: 'Body\n' });
    expect(problem('---\n- a\n---\nBody\n')).toEqual({ problem: 'mapping', line: 2, body: 'Body\n' });
  });
});

describe('team rules', () => {
  const vocabulary = vocabularyOf(REGISTRY, 'chat');
  const project = { stackAgents: new Set(REGISTRY.stacks[0]!.agents.map((a) => a.name)) };
  const parsed = (files: Record<string, string>) =>
    Object.entries(files).map(([name, text]) => parseAgentFile(name.includes('/') ? name : `.claude/agents/${name}.md`, Buffer.from(text)));
  const team = (files: Record<string, string>) => checkTeam(parsed(files), vocabulary, { project });

  it('finds agent names the registry knows and handoff phrases', () => {
    const found = [
      ...mentionsIn(
        'Defer to database-engineer. Use the `api-designer` agent, escalate to the security-agent; Include: **perf-tester**. Not senior-backend-architect-x.',
        vocabulary,
      ).keys(),
    ];
    expect(found.sort()).toEqual(['api-designer', 'database-engineer', 'perf-tester', 'security-agent']);
  });

  it('reports a mention of an agent the project does not have, with its line', () => {
    const findings = team({ 'backend-architect': agent('name: backend-architect\ndescription: d', 'Intro.\n\nDefer to database-engineer for schema work.\n') });
    expect(rules(findings)).toEqual(['error agent/unknown-agent:7']);
    expect(findings[0]!.message).toContain('database-engineer');
  });

  it("counts an alias of the project's stack as its agent", () => {
    const files = {
      'backend-architect': agent('name: backend-architect\ndescription: d', 'Then escalate to the security-agent.\n'),
      'security-vulnerability-analyzer': agent('name: security-vulnerability-analyzer\ndescription: d'),
    };
    expect(team(files)).toEqual([]);
    expect(rules(team({ 'backend-architect': files['backend-architect'] }))).toEqual(['error agent/unknown-agent:5']);
  });

  it('reports a name used twice in one agents folder, not across folders never loaded together', () => {
    expect(rules(team({ 'backend-architect': agent(GOOD), copy: agent(GOOD) }))).toEqual(['error agent/name-duplicate:2']);
    expect(rules(team({ 'catalog/web/agents/x.md': agent(GOOD), 'catalog/data/agents/x.md': agent(GOOD) }))).toEqual([]);
    expect(rules(team({ 'plugin/agents/a/x.md': agent(GOOD), 'plugin/agents/b/x.md': agent(GOOD) }))).toEqual(['error agent/name-duplicate:2']);
  });

  it("is no handoff: Claude Code's own agents, a file name, any mention outside a create-agents project", () => {
    const body = 'Use the general-purpose agent or Explore, or the `statusline-setup` agent. See database-engineer.md for an example.\n';
    expect(team({ 'backend-architect': agent('name: backend-architect\ndescription: d', body) })).toEqual([]);
    const elsewhere = parsed({
      'backend-architect': agent('name: backend-architect\ndescription: d', 'Defer to database-engineer, then hand off to the api-designer agent.\n'),
    });
    expect(checkTeam(elsewhere, vocabulary)).toEqual([]);
  });

  it('suggests create-agents add only for an agent the stack has', () => {
    const findings = team({
      'backend-architect': agent('name: backend-architect\ndescription: d', 'Defer to database-engineer, then use the api-designer agent.\n'),
    });
    expect(findings.map((f) => f.fix)).toEqual([
      'Add it (create-agents add database-engineer) or remove the mention.',
      'Name an agent of the project, or remove the mention.',
    ]);
  });
});

describe('Supabase rules', () => {
  const CONFIG = 'project_id = "app"\n\n[functions.hello]\nverify_jwt = true\nentrypoint = "./functions/hello/index.ts"\n';
  const base = {
    'supabase/config.toml': CONFIG,
    'supabase/functions/hello/index.ts': 'Deno.serve(() => new Response("hi"));\n',
    'supabase/functions/_shared/cors.ts': 'export {};\n',
  };
  const check = (files: Record<string, string>) => checkSupabase(memoryTree(Object.entries(files).map(([path, content]) => ({ path, content }))));
  const sql = (text: string) => ({ ...base, 'supabase/migrations/20260101000000_init.sql': text });

  it('accepts a consistent folder', async () => {
    expect(
      await check(
        sql(
          'create table public.notes (id bigint primary key);\nalter table public.notes enable row level security;\ncreate policy n on public.notes for select using (true);\n',
        ),
      ),
    ).toEqual([]);
  });

  it('warns of a table with row level security and no policy, also once its last policy is dropped', async () => {
    const locked = 'create table public.notes (id bigint primary key);\nalter table public.notes enable row level security;\n';
    expect(rules(await check(sql(locked)))).toEqual(['warning supabase/rls-no-policy:1']);
    expect(rules(await check(sql(`${locked}create policy n on notes for select using (true);\ndrop policy n on public.notes;\n`)))).toEqual([
      'warning supabase/rls-no-policy:1',
    ]);
  });

  it('reports a config that is not TOML, with its line', async () => {
    expect(rules(await check({ ...base, 'supabase/config.toml': 'project_id = "app"\n[api\nport = 1\n' }))).toEqual(['error supabase/config-toml:2']);
  });

  it('reports a missing project_id, a block without folder and a folder without block', async () => {
    const findings = await check({
      ...base,
      'supabase/config.toml': '[functions.hello]\nverify_jwt = true\n\n[functions.gone]\nverify_jwt = false\n',
      'supabase/functions/extra/index.ts': 'x\n',
    });
    expect(rules(findings).sort()).toEqual(['error supabase/function-config', 'error supabase/function-folder:4', 'error supabase/project-id:1']);
  });

  it('reports an entrypoint that does not exist', async () => {
    expect(rules(await check({ ...base, 'supabase/config.toml': CONFIG.replace('index.ts', 'main.ts') }))).toEqual(['error supabase/function-entrypoint:3']);
  });

  it('reports migration names Supabase skips and duplicate versions', async () => {
    const findings = await check({
      ...base,
      'supabase/migrations/init.sql': 'select 1;\n',
      'supabase/migrations/README.md': 'notes\n',
      'supabase/migrations/001_a.sql': 'select 1;\n',
      'supabase/migrations/001_b.sql': 'select 1;\n',
      'supabase/migrations/.gitkeep': '',
    });
    expect(rules(findings).sort()).toEqual(['error supabase/migration-name', 'error supabase/migration-version', 'warning supabase/migration-name']);
  });

  it("reads SQL with PostgreSQL's parser: a table without RLS, with its line", async () => {
    const findings = await check(sql('-- create table fake (id int);\nselect $$create table also_fake()$$;\n\ncreate table public.notes (\n  id bigint\n);\n'));
    expect(rules(findings)).toEqual(['error supabase/rls-missing:4']);
    expect(findings[0]!.message).toContain('public.notes');
  });

  it('follows tables across migrations: enabled later, dropped, renamed, quoted, temporary', async () => {
    const ok = await check({
      ...base,
      'supabase/migrations/001_a.sql':
        'create table a (id int);\ncreate table "Quoted" (id int);\ncreate temp table t (id int);\ncreate table gone (id int);\ncreate table old (id int);\nalter table old enable row level security;\ncreate policy o on old using (true);\n',
      'supabase/migrations/002_b.sql':
        'alter table public.a enable row level security;\nalter table "Quoted" enable row level security;\ndrop table gone;\nalter table old rename to new;\ncreate table if not exists new (id int);\ncreate policy a on a using (true);\ncreate policy q on "Quoted" using (true);\n',
    });
    expect(ok).toEqual([]);
    const off = await check(sql('create table a (id int);\nalter table a enable row level security;\nalter table a disable row level security;\n'));
    expect(rules(off)).toEqual(['error supabase/rls-missing:1']);
  });

  it('reports SQL that does not parse, with the line of the error', async () => {
    const findings = await check(sql('create table a (id int);\nalter table a enable row level security;\n\nselect 1 frm a;\n'));
    expect(rules(findings)).toEqual(['error supabase/sql-syntax:4']);
  });

  it('wants a config.toml when there are functions or migrations', async () => {
    expect(rules(await check({ 'supabase/migrations/001_a.sql': 'select 1;\n' }))).toEqual(['error supabase/config-missing']);
  });

  it('reads config.toml without its comment lines only where that cannot change what it means', async () => {
    for (const stack of STACKS) {
      const text = readFileSync(join(await renderProject(stack), 'supabase/config.toml'), 'utf8');
      const stripped = withoutCommentLines(text);
      expect(stripped.length, stack).toBeLessThan(text.length * 0.8);
      expect(stripped.split('\n').length).toBe(text.split('\n').length);
      expect(parseToml(stripped)).toEqual(parseToml(text));
    }
    const crlf = '# a\r\nproject_id = "x" # b\r\n  # c\r\n';
    expect(withoutCommentLines(crlf)).toBe('\r\nproject_id = "x" # b\r\n\r\n');
    const multiline = 'a = """\n# not a comment\n"""\n# comment\n';
    expect(withoutCommentLines(multiline)).toBe(multiline);
    expect(withoutCommentLines("a = '''\n# x\n'''\n")).toBe("a = '''\n# x\n'''\n");
    // A comment with a control character TOML forbids stays, so the parser still refuses it.
    expect(withoutCommentLines('# bad \u0001\n# fine \u2028 too\n')).toBe('# bad \u0001\n\n');
  });

  it('still reports a comment line TOML forbids', async () => {
    expect(rules(await check({ ...base, 'supabase/config.toml': `${CONFIG}# a comment with a NUL \u0000\n` }))).toEqual(['error supabase/config-toml:6']);
  });
});

describe('the migration facts the build ships', () => {
  it('equal a fresh parse of every migration the built-in templates ship', async () => {
    const { readdirSync } = await import('node:fs');
    const { pgParser } = await import('../src/check/pg-parser.js');
    const { tableEvents } = await import('../src/check/sql-rls.js');
    const facts = JSON.parse(readFileSync(join(REPO, '.build/migration-facts.json'), 'utf8')) as Record<string, unknown>;
    const parse = await pgParser();
    const sources = STACKS.flatMap((stack) => {
      const dir = join(REPO, 'templates/stacks', stack, 'supabase/migrations');
      return readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .map((f) => readFileSync(join(dir, f), 'utf8'));
    });
    expect(sources.length).toBeGreaterThan(0);
    expect(Object.keys(facts)).toHaveLength(new Set(sources).size);
    const all = sources.map((sql) => {
      const events = tableEvents(parse(sql));
      expect(facts[sha256(sql)]).toEqual(events);
      return events;
    });
    expect(all.flat().filter((e) => e.kind === 'create').length).toBeGreaterThan(10);
  });
});

describe("Claude Code's validator output", () => {
  it('becomes findings on the project paths', () => {
    const output = [
      'Validating plugin record: /tmp/x/plugin/.claude-plugin/plugin.json',
      '',
      'Validating agent: /tmp/x/plugin/agents/broken.md',
      '',
      '✘ Found 1 error:',
      '',
      '  ❯ frontmatter: YAML frontmatter failed to parse: Unexpected token.',
      'Validating agent: /tmp/x/plugin/agents/sub/plain.md',
      '⚠ Found 1 warning:',
      '  ❯ frontmatter: No frontmatter block found.',
    ].join('\n');
    expect(parseValidatorOutput(output, '/tmp/x/plugin/agents', '.claude/agents').map((f) => `${f.severity} ${f.file}`)).toEqual([
      'error .claude/agents/broken.md',
      'warning .claude/agents/sub/plain.md',
    ]);
  });
});

/**
 * The findings without drift/*: whether the names the built-in templates' text gives exist is
 * test/drift-templates.test.ts's to report, in every stack and variant, while the text is brought in line.
 */
const withoutDrift = (findings: Finding[]) => findings.filter((f) => !f.rule.startsWith('drift/'));

/** Runs `check --json` and returns the exit code and the parsed report. */
async function checkJson(args: string[], cwd?: string) {
  const result = await runCli(['check', '--json', ...args], { cwd, timeoutMs: 120_000 });
  return {
    code: result.code,
    report: JSON.parse(result.stdout) as { ok: boolean; agents: number; findings: Finding[]; claude?: { ran: boolean; note: string } },
    stderr: result.stderr,
  };
}

describe('create-agents check on generated projects', () => {
  for (const stack of STACKS) {
    const variants: Array<[string, ProjectOptions]> = [
      ['full team', {}],
      ['lead agent only', { agents: [] }],
      ['no Supabase starter', { supabase: false }],
    ];
    for (const [label, options] of variants) {
      it(`${stack}, ${label}: zero findings`, async () => {
        const dir = await renderProject(stack, options);
        const { code, report } = await checkJson([dir]);
        expect(withoutDrift(report.findings)).toEqual([]);
        expect(code).toBe(report.findings.some((f) => f.severity === 'error') ? 1 : 0);
      });
    }
  }

  it('an edited generated file is a note, not an error', async () => {
    const dir = await renderProject('supabase');
    writeFileSync(join(dir, 'CLAUDE.md'), `${readFileSync(join(dir, 'CLAUDE.md'), 'utf8')}\nMy notes.\n`);
    const { code, report } = await checkJson([dir]);
    expect(report.findings.map((f) => `${f.severity} ${f.rule} ${f.file}`)).toEqual(['info record/edited CLAUDE.md']);
    expect(code).toBe(0);
  });
});

describe('create-agents check on broken input', () => {
  function brokenProject(): string {
    const dir = tempDir();
    const agents = join(dir, '.claude/agents');
    mkdirSync(agents, { recursive: true });
    writeFileSync(join(agents, 'backend-architect.md'), readFileSync(join(SEED_DIR, '004_2c192a53d6a405b0.txt')));
    writeFileSync(join(agents, 'crlf-agent.md'), agent('name: crlf-agent\ndescription: d').replaceAll('\n', '\r\n'));
    writeFileSync(join(agents, 'binary.md'), Buffer.from([0, 1, 2, 3, 255]));
    writeFileSync(join(agents, 'big.md'), agent('name: big\ndescription: d', 'x'.repeat(5_000_000)));
    writeFileSync(join(agents, 'unclosed.md'), '---\nname: unclosed\ndescription: d\n');
    return dir;
  }

  it('reports each problem with file, line, rule and fix, and exits 1', async () => {
    const dir = brokenProject();
    const { code, report } = await checkJson([dir]);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    const seen = report.findings.map((f) => `${f.file} ${f.rule}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        '.claude/agents/backend-architect.md agent/front-matter-yaml',
        '.claude/agents/crlf-agent.md agent/line-endings',
        '.claude/agents/binary.md agent/not-text',
        '.claude/agents/big.md agent/too-large',
        '.claude/agents/unclosed.md agent/front-matter-unclosed',
      ]),
    );
    expect(report.findings.find((f) => f.rule === 'agent/front-matter-yaml')!.line).toBe(3);
  });

  it('prints findings grouped by file in text mode', async () => {
    const result = await runCli(['check', brokenProject()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /\.claude\/agents\/backend-architect\.md\n\s+3\s+error\s+The front matter is not valid YAML.*\(agent\/front-matter-yaml\)\n\s+fix: /,
    );
    expect(result.stdout).toMatch(/\d+ errors?, \d+ warnings?, \d+ notes? \(5 agent files/);
  });

  for (const [what, text] of <Array<[string, string]>>[
    ['a truncated .create-agents.json', '{"tool": "create-agents", "version": "0.1.0", "sta'],
    ['an .create-agents.json of the wrong shape', '{"tool": "create-agents", "files": "none"}'],
    [
      'an .create-agents.json listing a path outside the project',
      JSON.stringify({ tool: 'create-agents', version: '0.1.0', stack: 'supabase', answers: {}, files: [{ path: '../../etc/passwd', sha256: 'x' }] }),
    ],
  ]) {
    it(`reports ${what} as a finding, without a crash`, async () => {
      const dir = await renderProject('supabase');
      writeFileSync(join(dir, '.create-agents.json'), text);
      const { code, report, stderr } = await checkJson([dir]);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      expect(report.findings.map((f) => `${f.file} ${f.rule}`)).toEqual(['.create-agents.json record/invalid']);
    });
  }

  it.skipIf(process.platform === 'win32')('named pipes and links in the project: never opened to wait on, the rest checked', async () => {
    const dir = await renderProject('supabase');
    rmSync(join(dir, 'CLAUDE.md'));
    execFileSync('mkfifo', [join(dir, 'CLAUDE.md')]);
    execFileSync('mkfifo', [join(dir, '.claude/agents/pipe.md')]);
    symlinkSync('pipe.md', join(dir, '.claude/agents/to-pipe.md'));
    symlinkSync('../../CLAUDE.md', join(dir, '.claude/agents/to-claude.md'));
    const { code, report } = await checkJson([dir]);
    // A pipe is no file: the recorded CLAUDE.md counts as deleted, and the pipes are not agents.
    expect(report.findings.map((f) => `${f.severity} ${f.rule} ${f.file}`)).toEqual(['info record/deleted CLAUDE.md']);
    expect(report.agents).toBe(readdirSync(join(dir, '.claude/agents')).length - 3);
    expect(code).toBe(0);
  });

  it('a folder with nothing to check is bad input (exit 2), not "no problems"', async () => {
    const result = await runCli(['check', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/has nothing to check/);
  });

  it("uses the project's recorded templates folder: its agents' aliases count", async () => {
    const cwd = tempDir();
    cpSync(join(REPO, 'templates'), join(cwd, 'own'), { recursive: true });
    const stackJson = join(cwd, 'own/stacks/supabase/stack.json');
    const stack = JSON.parse(readFileSync(stackJson, 'utf8'));
    stack.agents.find((a: { name: string }) => a.name === 'security-reviewer').aliases = ['sec-buddy'];
    writeFileSync(stackJson, JSON.stringify(stack, null, 2));
    const made = await runCli(['app', '--stack', 'supabase', '--yes', '--no-git', '--templates-dir', 'own'], { cwd });
    expect(made.code, made.stderr).toBe(0);
    const lead = join(cwd, 'app/.claude/agents/backend-architect.md');
    writeFileSync(lead, `${readFileSync(lead, 'utf8')}\nHand it to the sec-buddy agent.\n`);
    const { report } = await checkJson([join(cwd, 'app')]);
    expect(report.findings.filter((f) => f.rule === 'agent/unknown-agent')).toEqual([]);
    rmSync(join(cwd, 'own'), { recursive: true });
    const builtin = await checkJson([join(cwd, 'app')]);
    expect(builtin.report.findings.filter((f) => f.rule === 'agent/unknown-agent').map((f) => f.message)).toEqual([expect.stringContaining('sec-buddy')]);
  });

  it('a folder that does not exist is bad input (exit 2)', async () => {
    const result = await runCli(['check', join(tempDir(), 'nope')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not a folder/);
  });

  it('checks 1,000 agent files in one process', async () => {
    const dir = tempDir();
    const agents = join(dir, '.claude/agents');
    mkdirSync(agents, { recursive: true });
    for (let i = 0; i < 1000; i++)
      writeFileSync(
        join(agents, `agent-${i}.md`),
        agent(
          `name: agent-${i}\ndescription: |-\n  Use agent-${i} for part ${i}.\n\n  More.\nmodel: sonnet\ntools: Read, Grep`,
          `Defer to agent-${(i + 1) % 1000} for the next part.\n`,
        ),
      );
    const { code, report } = await checkJson([dir]);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('create-agents check --with-claude', () => {
  it("merges Claude Code's findings for a broken agent", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.claude/agents'), { recursive: true });
    writeFileSync(join(dir, '.claude/agents/backend-architect.md'), readFileSync(join(SEED_DIR, '000_0b6248e056fb2f62.txt')));
    const { code, report } = await checkJson(['--with-claude', dir]);
    expect(code).toBe(1);
    expect(report.claude?.ran).toBe(true);
    // One problem, one finding: Claude Code's words join ours.
    expect(report.findings.map((f) => `${f.file} ${f.rule}`)).toEqual(['.claude/agents/backend-architect.md agent/front-matter-yaml']);
    expect(report.findings[0]!.message).toMatch(/not valid YAML.*Claude Code: .*YAML frontmatter failed to parse/);
  });

  it('passes on a generated project', async () => {
    const dir = await renderProject('react-chat');
    const { code, report } = await checkJson(['--with-claude', dir]);
    expect(report.claude?.note).toMatch(/passed/);
    expect(withoutDrift(report.findings)).toEqual([]);
    expect(code).toBe(report.findings.some((f) => f.severity === 'error') ? 1 : 0);
  });

  it('fails clearly, exit 2, when claude is not installed', async () => {
    const dir = await renderProject('supabase');
    const result = await runCli(['check', '--json', '--with-claude', dir], { env: { PATH: '/nonexistent' } });
    const report = JSON.parse(result.stdout) as { ok: boolean; error: { message: string; hint: string; exitCode: number } };
    expect(report).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not installed/), hint: expect.stringMatching(/npm install -g @anthropic-ai\/claude-code/), exitCode: 2 },
    });
    expect(result.code).toBe(2);
  });
});

describe('findings where CI shows them', () => {
  /** A project with an error, a warning and a note, and a path that needs escaping in annotations. */
  async function troubled(): Promise<string> {
    const dir = await renderProject('supabase');
    writeFileSync(join(dir, '.claude/agents/odd, name.md'), agent('name: odd-name\ndescription: d\ncolor: magenta\ntools: Read, Nope'));
    return dir;
  }

  it("--format sarif writes SARIF 2.1.0 that Microsoft's SARIF Multitool validates", async () => {
    const dir = await troubled();
    const result = await runCli(['check', '--format', 'sarif', dir]);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } };
        results: Array<{
          ruleId: string;
          level: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }>;
        }>;
      }>;
    };
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    expect(
      run!.results.map(
        (r) => `${r.level} ${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region?.startLine}`,
      ),
    ).toEqual(expect.arrayContaining(['error agent/tools .claude/agents/odd,%20name.md:5', 'warning agent/color .claude/agents/odd,%20name.md:4']));
    expect(run!.tool.driver.rules.every((r) => r.help.text.length > 5)).toBe(true);
    const file = join(tempDir(), 'check.sarif');
    writeFileSync(file, result.stdout);
    const validated = spawnSync(join(REPO, 'node_modules/.bin/sarif-multitool'), ['validate', file], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    });
    expect(validated.status, `${validated.stdout}${validated.stderr}`).toBe(0);
    expect(validated.stdout).not.toMatch(/: error /);
    // And it does fail on a log that breaks the schema, so the check above can fail.
    writeFileSync(file, result.stdout.replace('"version": "2.1.0"', '"version": "9.9"'));
    expect(spawnSync(join(REPO, 'node_modules/.bin/sarif-multitool'), ['validate', file], { encoding: 'utf8', timeout: 120_000 }).stdout).toMatch(/error/i);
  });

  it('--format github writes one workflow annotation per finding, escaped', async () => {
    const dir = await troubled();
    const result = await runCli(['check', '--format', 'github', '.'], { cwd: dir });
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toContain(
      '::error file=.claude/agents/odd%2C name.md,line=5,title=agent/tools::Unknown tool "Nope" in tools.%0AFix: Use Claude Code tool names (' +
        lines.find((l) => l.includes('title=agent/tools'))!.split('(')[1],
    );
    expect(lines.every((l) => /^::(error|warning|notice) file=[^:]+(,line=\d+)?,title=[^:]+::/.test(l))).toBe(true);
    const lint = await runCli(['lint', '--format', 'github', join(dir, '.claude/agents')]);
    expect(lint.stdout).toMatch(/^::warning file=.*odd%2C name\.md,line=4,title=agent\/color::/m);
    expect((await runCli(['lint', '--format', 'xml', dir])).code).toBe(2);
  });
});

describe('create-agents check --templates-dir', () => {
  it('passes the built-in templates (warnings allowed)', async () => {
    const { code, report } = await checkJson(['--templates-dir', join(REPO, 'templates')]);
    expect(withoutDrift(report.findings).filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(report.findings.some((f) => f.severity === 'error') ? 1 : 0);
  });

  it('fails a templates folder whose output breaks a rule, naming stack and file', async () => {
    const { cpSync, readdirSync } = await import('node:fs');
    const dir = join(tempDir(), 'templates');
    cpSync(join(REPO, 'templates'), dir, { recursive: true });
    const migrations = join(dir, 'stacks/supabase/supabase/migrations');
    const first = readdirSync(migrations).sort()[0]!;
    writeFileSync(join(migrations, first), `${readFileSync(join(migrations, first), 'utf8')}\ncreate table public.forgotten (id bigint primary key);\n`);
    const { code, report } = await checkJson(['--templates-dir', dir]);
    expect(code).toBe(1);
    expect(
      withoutDrift(report.findings)
        .filter((f) => f.severity === 'error')
        .map((f) => `${f.file} ${f.rule}`),
    ).toEqual([`supabase/supabase/migrations/${first.replace(/\.hbs$/, '')} supabase/rls-missing`]);
  });

  it('catches what no single render shows, each finding once', async () => {
    const dir = join(tempDir(), 'templates');
    cpSync(join(REPO, 'templates'), dir, { recursive: true });
    const stack = join(dir, 'stacks/supabase');
    const edit = (path: string, change: (text: string) => string) => writeFileSync(join(stack, path), change(readFileSync(join(stack, path), 'utf8')));
    // A handoff between two optional agents that no {{#has}} guards.
    edit('agents/test-engineer.md.hbs', (t) => `${t}\nHand the schema to database-engineer.\n`);
    // A {{#has}} that can never render, and a misspelled front-matter key.
    edit('agents/backend-architect.md.hbs', (t) => `${t.replace(/^name: /m, 'modle: sonnet\nname: ')}\n{{#has "typo-agent"}}Never.{{/has}}\n`);
    // An agent template stack.json does not list.
    writeFileSync(join(stack, 'agents/extra-agent.md.hbs'), '---\nname: extra-agent\ndescription: d\n---\nBody\n');
    // A table with row level security and no policy.
    writeFileSync(
      join(stack, 'supabase/migrations/29990101000000_locked.sql'),
      'create table public.locked (id bigint primary key);\nalter table public.locked enable row level security;\n',
    );
    // No CLAUDE.md.
    rmSync(join(stack, 'files/CLAUDE.md.hbs'));
    const { code, report } = await checkJson(['--templates-dir', dir]);
    expect(code).toBe(1);
    const found = report.findings.map((f) => `${f.severity} ${f.rule} ${f.file}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'error agent/unknown-agent supabase/.claude/agents/test-engineer.md',
        'error template/unknown-agent stacks/supabase/agents/backend-architect.md.hbs',
        'error template/unlisted-agent stacks/supabase/agents/extra-agent.md.hbs',
        'warning supabase/rls-no-policy supabase/supabase/migrations/29990101000000_locked.sql',
        'warning agent/unknown-field supabase/.claude/agents/backend-architect.md',
        'error template/claude-md-missing stacks/supabase/files',
      ]),
    );
    expect(report.findings.find((f) => f.rule === 'agent/unknown-agent')!.message).toMatch(/database-engineer.*\[without database-engineer\]/);
    expect(found.filter((f) => f.includes('agent/unknown-field'))).toHaveLength(1);
    expect(new Set(report.findings.map((f) => JSON.stringify(f))).size).toBe(report.findings.length);
  });

  it('renders every stack with --kit none too, and names the variant a finding shows in', async () => {
    const dir = join(tempDir(), 'templates');
    cpSync(join(REPO, 'templates'), dir, { recursive: true });
    // A table without row level security, only in a project without any part of the kit (the kit
    // without each single part is rendered first).
    writeFileSync(
      join(dir, 'stacks/supabase/supabase/migrations/29990101000000_bare.sql.hbs'),
      '{{#unless kit.settings}}{{#unless kit.skills}}{{#unless kit.mcp}}create table public.bare (id bigint primary key);\n{{/unless}}{{/unless}}{{/unless}}',
    );
    const { code, report } = await checkJson(['--templates-dir', dir]);
    expect(code).toBe(1);
    const found = withoutDrift(report.findings).filter((f) => f.severity === 'error');
    expect(found.map((f) => `${f.rule} ${f.file}`)).toEqual(['supabase/rls-missing supabase/supabase/migrations/29990101000000_bare.sql']);
    expect(found[0]!.message).toMatch(/\[--kit none\]$/);
  });

  it('takes no project folder', async () => {
    const result = await runCli(['check', '.', '--templates-dir', join(REPO, 'templates')]);
    expect(result.code).toBe(2);
  });
});

describe('--help', () => {
  for (const command of ['check', 'lint', 'add', 'update']) {
    it(`create-agents ${command} --help`, async () => {
      const result = await runCli([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: create-agents ${command}`));
      expect(result.stdout).toMatch(/Exit codes:/);
    });
  }
});

describe('checkAgentFiles and checkProject are usable as a library', () => {
  it('in memory', async () => {
    const files = [{ path: '.claude/agents/backend-architect.md', bytes: Buffer.from(agent(GOOD, 'Defer to database-engineer.\n')) }];
    expect(rules((await checkAgentFiles(files, REGISTRY, { stackId: 'chat' })).findings)).toEqual(['error agent/unknown-agent:8']);
    expect(rules((await checkAgentFiles(files, REGISTRY)).findings)).toEqual([]);
    const tree = memoryTree([{ path: '.claude/agents/backend-architect.md', content: agent(GOOD) }]);
    expect(await checkProject(tree, REGISTRY)).toEqual({ findings: [], agents: 1, skills: 0, recorded: false });
  });
});
