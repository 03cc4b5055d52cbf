import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from './helpers/cli.js';

const STACKS = ['vue-crm', 'astro-ims', 'react-chat', 'n8n-api', 'supabase'];

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[full.slice(dir.length + 1)] = readFileSync(full, 'utf8');
  }
  return out;
}

describe('create-agents <dir> --stack <id> --yes', () => {
  for (const stack of STACKS) {
    it(`${stack}: writes the team, CLAUDE.md, the Supabase starter and a record with true hashes`, async () => {
      const cwd = tempDir();
      const result = await runCli(['app', '--stack', stack, '--yes', '--no-git'], { cwd });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Next steps:/);
      expect(result.stdout).toMatch(/agents\s+\d+ in \.claude\/agents\/: [a-z0-9-]+( \(lead\))?(,\s+[a-z0-9-]+( \(lead\))?){3,}/);
      // Wrapped at word boundaries to 80 columns: no line longer, no name cut.
      for (const line of result.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      const team = /agents\s+\d+ in \.claude\/agents\/: ([\s\S]*?)\n {2}\S/.exec(result.stdout)![1]!.split(/,\s+/);
      for (const name of team) expect(existsSync(join(cwd, 'app/.claude/agents', `${name.replace(' (lead)', '')}.md`)), name).toBe(true);
      const files = tree(join(cwd, 'app'));
      expect(Object.keys(files).filter((f) => f.startsWith('.claude/agents/')).length).toBeGreaterThanOrEqual(4);
      expect(files['CLAUDE.md']).toBeDefined();
      expect(files['supabase/config.toml']).toBeDefined();
      const record = JSON.parse(files['.create-agents.json']!);
      expect(record).toMatchObject({ tool: 'create-agents', stack, answers: { stack, supabase: true } });
      expect(record.files.length).toBe(Object.keys(files).length - 1);
      const migrations = Object.keys(files)
        .filter((f) => f.startsWith('supabase/migrations/'))
        .map((f) => f.slice(20))
        .sort();
      expect(migrations.length).toBeGreaterThan(0);
      expect(record.migrations).toEqual(migrations);
      for (const m of migrations) expect(m).toMatch(/^\d{14}_[a-z0-9_]+\.sql$/);
      for (const f of record.files) {
        expect(createHash('sha256').update(files[f.path]!).digest('hex'), f.path).toBe(f.sha256);
      }
    });
  }

  it('--no-supabase renders agents and CLAUDE.md only', async () => {
    const cwd = tempDir();
    const result = await runCli(['app', '--stack', 'react-chat', '--yes', '--no-supabase', '--no-git'], { cwd });
    expect(result.code).toBe(0);
    const files = Object.keys(tree(join(cwd, 'app')));
    expect(files.some((f) => f.startsWith('supabase/'))).toBe(false);
    expect(files).toContain('CLAUDE.md');
  });

  it('vue-crm registers the Supabase MCP server only when an agent that uses it is in the team', async () => {
    const cwd = tempDir();
    await runCli(['full', '--stack', 'vue-crm', '--yes', '--no-git'], { cwd });
    await runCli(['small', '--stack', 'vue-crm', '--agents', 'test-engineer', '--yes', '--no-git'], { cwd });
    const mcp = JSON.parse(readFileSync(join(cwd, 'full/.mcp.json'), 'utf8'));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the variable Claude Code expands, written as it is in .mcp.json.
    expect(mcp.mcpServers.supabase).toMatchObject({ type: 'http', url: expect.stringContaining('${SUPABASE_PROJECT_REF}') });
    expect(existsSync(join(cwd, 'small/.mcp.json'))).toBe(false);
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const cwd = tempDir();
    const result = await runCli(['app', '--stack', 'vue-crm', '--yes', '--dry-run'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Dry run: nothing written/);
    expect(result.stdout).toMatch(/create\s+\.claude\/agents\/backend-architect\.md/);
    expect(existsSync(join(cwd, 'app'))).toBe(false);
  });

  it('a second run over its own output reports everything unchanged', async () => {
    const cwd = tempDir();
    await runCli(['app', '--stack', 'n8n-api', '--yes', '--no-git'], { cwd });
    const before = tree(join(cwd, 'app'));
    const again = await runCli(['app', '--stack', 'n8n-api', '--yes', '--no-git', '--json'], { cwd });
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout);
    expect(result.files.every((f: { status: string }) => f.status === 'unchanged')).toBe(true);
    expect(tree(join(cwd, 'app'))).toEqual(before);
  });

  it('a user edit is a conflict: exit 1, nothing at all written, the edit intact; --force overwrites', async () => {
    const cwd = tempDir();
    await runCli(['app', '--stack', 'react-chat', '--yes', '--no-git'], { cwd });
    const app = join(cwd, 'app');
    writeFileSync(join(app, 'CLAUDE.md'), 'my own notes\n');
    rmSync(join(app, '.claude/agents/test-engineer.md'));
    const before = tree(app);
    const result = await runCli(['app', '--stack', 'react-chat', '--yes', '--no-git'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/CONFLICT\s+CLAUDE\.md/);
    expect(result.stderr).toMatch(/--force/);
    expect(tree(app)).toEqual(before);

    const forced = await runCli(['app', '--stack', 'react-chat', '--yes', '--no-git', '--force', '--json'], { cwd });
    expect(forced.code).toBe(0);
    const summary = JSON.parse(forced.stdout).summary;
    expect(summary).toMatchObject({ overwrite: 1, create: 1, conflict: 0 });
    expect(readFileSync(join(app, 'CLAUDE.md'), 'utf8')).not.toBe('my own notes\n');
  });

  it('an existing CLAUDE.md in a repository being bootstrapped is never replaced silently', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'repo'));
    writeFileSync(join(cwd, 'repo/CLAUDE.md'), '# Ours\n');
    writeFileSync(join(cwd, 'repo/README.md'), '# Repo\n');
    const result = await runCli(['repo', '--stack', 'supabase', '--yes', '--no-git'], { cwd });
    expect(result.code).toBe(1);
    expect(tree(join(cwd, 'repo'))).toEqual({ 'CLAUDE.md': '# Ours\n', 'README.md': '# Repo\n' });
  });
});

describe('bad input exits 2, says what to do, and writes nothing', () => {
  it.each([
    [['app', '--stack', 'angular', '--yes'], /Unknown stack "angular"/, /vue-crm, astro-ims, react-chat, n8n-api, supabase/],
    [['app', '--stack', 'vue-crm', '--colour', 'red'], /Unknown option --colour/, /--stack/],
    [['app', '--stack', 'vue-crm', '--model', 'gpt-4', '--yes'], /Unknown model "gpt-4"/, /sonnet, opus, haiku, inherit/],
    [['app', '--stack', 'vue-crm', '--agents', 'ghost', '--yes'], /Unknown agent "ghost"/, /security-specialist/],
    [['app', 'other', '--stack', 'vue-crm', '--yes'], /at most one folder/, /Quote/],
    [['app', '--stack'], /--stack needs a value/, /./],
  ])('%j', async (args, message, hint) => {
    const cwd = tempDir();
    const result = await runCli(args, { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(hint);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('with no terminal and no flags it exits at once, naming the flags and a full example', async () => {
    const cwd = tempDir();
    const started = Date.now();
    const result = await runCli([], { cwd, timeoutMs: 10_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--stack and a folder argument/);
    expect(result.stderr).toMatch(/create-agents my-project --stack vue-crm --yes/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--json errors are JSON on stdout', async () => {
    const result = await runCli(['app', '--stack', 'nope', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { exitCode: 2, message: expect.stringMatching(/nope/) } });
  });
});

describe('npm create agents: options npm kept for itself', () => {
  // What npm leaves after `npm create agents my-crm --stack vue-crm --yes`: the words, and its variables.
  const npm = { npm_config_stack: 'true', npm_config_yes: 'true' };
  it.each([
    [['my-crm', 'vue-crm'], npm, 'npm create agents -- my-crm --stack vue-crm --yes'],
    [['my-crm', 'vue-crm'], {}, 'npm create agents -- my-crm --stack vue-crm'],
    [['vue-crm'], { npm_config_stack: 'true' }, 'npm create agents -- --stack vue-crm'],
    [
      ['my-crm', 'vue-crm', 'opus', 'test-engineer,security-specialist', 'My CRM'],
      { ...npm, npm_config_model: 'true', npm_config_agents: 'true', npm_config_name: 'true', npm_config_dry_run: 'true', npm_config_git: 'false' },
      "npm create agents -- my-crm --stack vue-crm --model opus --agents test-engineer,security-specialist --name 'My CRM' --no-git --yes --dry-run",
    ],
  ])('%j with %j exits 2 and prints the command that works', async (args, env, corrected) => {
    const cwd = tempDir();
    const result = await runCli(args, { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/npm kept the options for itself and passed only/);
    expect(result.stderr).toContain(`\n  ${corrected}\n`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a folder named like a stack, on its own, is still a folder', async () => {
    const cwd = tempDir();
    const result = await runCli(['supabase', '--stack', 'supabase', '--yes', '--no-git'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual(['supabase']);
  });

  it('--help shows the forms for npm, pnpm and yarn', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).toContain('npm create agents -- my-crm --stack vue-crm --yes');
    expect(stdout).toContain('pnpm create agents my-crm --stack vue-crm --yes');
    expect(stdout).toContain('yarn create agents my-crm --stack vue-crm --yes');
  });
});

describe('help, version, json, git', () => {
  it('--help lists every flag and stack', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const flag of [
      '--stack',
      '--name',
      '--agents',
      '--model',
      '--supabase',
      '--git',
      '--yes',
      '--dry-run',
      '--force',
      '--json',
      '--verbose',
      '--templates-dir',
    ]) {
      expect(result.stdout).toContain(flag);
    }
    for (const stack of STACKS) expect(result.stdout).toContain(stack);
  });

  it('create-vite habits: -t/--template picks the stack, --overwrite is --force', async () => {
    const cwd = tempDir();
    const made = await runCli(['app', '--template', 'react-chat', '--yes', '--no-git', '--json'], { cwd });
    expect(JSON.parse(made.stdout)).toMatchObject({ ok: true, stack: 'react-chat' });
    writeFileSync(join(cwd, 'app/CLAUDE.md'), 'mine\n');
    const again = await runCli(['app', '-t', 'react-chat', '--yes', '--no-git', '--overwrite', '--json'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).summary).toMatchObject({ overwrite: 1 });
    const help = (await runCli(['--help'])).stdout;
    expect(help).toMatch(/-t, --stack, --template <id>/);
    expect(help).toMatch(/--force, --overwrite/);
    for (const command of ['--help', 'check --help', 'list --help', 'lint --help', 'add --help', 'update --help']) {
      const text = (await runCli(command.split(' '))).stdout;
      expect(text, command).toMatch(/--templates-dir <dir>/);
      expect(text, command).not.toMatch(/--templates(?!-dir )/);
    }
  });

  it('every --help fits 80 columns, option descriptions wrapped under their column', async () => {
    for (const command of ['--help', 'check --help', 'list --help', 'lint --help', 'add --help', 'update --help', 'plugin --help']) {
      const text = (await runCli(command.split(' '))).stdout;
      for (const line of text.split('\n')) expect(line.length, `${command}: ${line}`).toBeLessThanOrEqual(80);
    }
    const help = (await runCli(['--help'])).stdout;
    expect(help).toMatch(/\n {6}--name <display name> {7}The project's display name \(default: the\n {34}stack's product name\)\.\n/);
  });

  it('plurals follow the count', async () => {
    const cwd = tempDir();
    const { stdout } = await runCli(['app', '--stack', 'n8n-api', '--yes', '--no-git'], { cwd });
    const count = readdirSync(join(cwd, 'app/supabase/migrations')).length;
    expect(stdout).toContain(count === 1 ? '1 migration,' : `${count} migrations,`);
    expect(stdout).toMatch(/\d+ created(, git initialised)?\n/);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect((await runCli(['--version'])).stdout.trim()).toBe(pkg.version);
  });

  it('--json prints only JSON on stdout', async () => {
    const cwd = tempDir();
    const result = await runCli(['app', '--stack', 'supabase', '--yes', '--no-git', '--json'], { cwd });
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ ok: true, stack: 'supabase', git: 'not requested' });
    expect(parsed.files.find((f: { path: string }) => f.path === '.claude/agents/backend-architect.md').status).toBe('create');
  });

  it('--git initialises a repository; inside one it does not nest another', async () => {
    const cwd = tempDir();
    const result = await runCli(['app', '--stack', 'supabase', '--yes', '--git', '--json'], { cwd });
    expect(JSON.parse(result.stdout).git).toBe('initialised');
    expect(existsSync(join(cwd, 'app/.git'))).toBe(true);
    const inner = await runCli(['app/sub', '--stack', 'supabase', '--yes', '--json'], { cwd });
    expect(JSON.parse(inner.stdout).git).toBe('already inside a git repository');
    expect(existsSync(join(cwd, 'app/sub/.git'))).toBe(false);
    expect(execFileSync('git', ['-C', join(cwd, 'app'), 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' }).trim()).toBe('true');
  });

  it('when git cannot run, it warns and keeps the files', async () => {
    const cwd = tempDir();
    const result = await runCli(['app', '--stack', 'supabase', '--yes', '--git'], { cwd, env: { PATH: tempDir('no-git-') } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Warning: git init failed \(git is not installed\); the files are written/);
    expect(existsSync(join(cwd, 'app/.claude/agents/backend-architect.md'))).toBe(true);
    expect(existsSync(join(cwd, 'app/.git'))).toBe(false);
  });

  it('a reader that closes the pipe early is not an error', async () => {
    const { spawnSync } = await import('node:child_process');
    const cwd = tempDir();
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" app --stack vue-crm --yes --no-git --verbose | head -1`], { cwd, encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(result.stdout).toMatch(/^Done\./);
  });

  it('without NO_COLOR and without a terminal there are no colour codes', async () => {
    const result = await runCli(['app', '--stack', 'supabase', '--yes', '--no-git'], { env: { NO_COLOR: undefined } });
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });
});
