import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, tempDir } from './helpers/cli.js';
import { renderProject } from './helpers/project.js';

const SETTINGS = '.claude/settings.json';
const STACKS = JSON.parse(readFileSync(join(REPO, 'templates/registry.json'), 'utf8')).stacks as string[];
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const settingsOf = (dir: string) =>
  JSON.parse(read(dir, SETTINGS)) as { permissions: Record<'allow' | 'deny' | 'ask', string[] | undefined> } & Record<string, unknown>;
const recordOf = (dir: string) => JSON.parse(read(dir, '.create-agents.json'));
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const statusOf = (report: { files: Array<{ path: string; status: string }> }, path: string) => report.files.find((f) => f.path === path)?.status;

async function json(args: string[], cwd?: string) {
  const result = await runCli([...args, '--json'], { cwd, timeoutMs: 60_000 });
  return { ...result, report: JSON.parse(result.stdout) };
}

/** The program a Bash rule runs, and what it needs in the project: the rule may only name what is there. */
function commandsExist(dir: string, rules: string[]) {
  for (const rule of rules.filter((r) => r.startsWith('Bash('))) {
    if (/^Bash\((npx )?supabase /.test(rule)) expect(existsSync(join(dir, 'supabase/config.toml')), rule).toBe(true);
    if (rule.startsWith('Bash(npx deno ')) {
      expect(existsSync(join(dir, 'deno.json')), rule).toBe(true);
      expect(
        readdirSync(join(dir, 'supabase/functions')).some((f) => !f.startsWith('_')),
        rule,
      ).toBe(true);
    }
  }
}

describe('.claude/settings.json in every stack', () => {
  for (const stack of STACKS) {
    it(`${stack}: denies reading .env files, allows the project's checks, asks before a hosted project`, async () => {
      const dir = await renderProject(stack);
      const { permissions } = settingsOf(dir);
      expect(permissions.deny).toEqual(expect.arrayContaining(['Read(.env)', 'Read(.env.*)', 'Read(/supabase/.env*)', 'Read(/supabase/functions/.env*)']));
      // The exception comes last: a gitignore-style negation undoes the denials before it.
      expect(permissions.deny!.at(-1)).toBe('Read(!.env.example)');
      expect(permissions.allow).toEqual(
        expect.arrayContaining([
          'Bash(npx supabase migration new *)',
          'Bash(npx supabase db advisors *)',
          'Bash(npx deno test *)',
          'Bash(npx create-agents check *)',
        ]),
      );
      expect(permissions.ask).toEqual(
        expect.arrayContaining([
          'Bash(npx supabase db push *)',
          'Bash(npx supabase functions deploy *)',
          'Bash(npx supabase secrets set *)',
          'Bash(npx supabase * --linked*)',
        ]),
      );
      commandsExist(dir, [...permissions.allow!, ...permissions.ask!]);
      expect(recordOf(dir).files.map((f: { path: string }) => f.path)).toContain(SETTINGS);
    });

    it(`${stack} --no-supabase: no rule names Supabase or Deno`, async () => {
      const dir = await renderProject(stack, { supabase: false });
      const text = read(dir, SETTINGS);
      expect(text).not.toMatch(/supabase|deno/i);
      expect(settingsOf(dir).permissions).toEqual({
        deny: ['Read(.env)', 'Read(.env.*)', 'Read(!.env.example)'],
        allow: ['Bash(npx create-agents check *)'],
      });
    });
  }
});

describe('--kit', () => {
  it('leaves the settings out with a kit without settings, and the record remembers the kit', async () => {
    const dir = await renderProject('supabase', { extraArgs: ['--kit', 'skills,mcp'] });
    expect(existsSync(join(dir, SETTINGS))).toBe(false);
    expect(recordOf(dir).answers.kit).toEqual(['skills', 'mcp']);
    const none = await renderProject('supabase', { extraArgs: ['--kit', 'none'] });
    expect(existsSync(join(none, SETTINGS))).toBe(false);
    expect(recordOf(none).answers.kit).toEqual([]);
  });

  it('a bad value is a usage error naming the valid parts, and nothing is written', async () => {
    const cwd = tempDir();
    const result = await runCli(['app', '--stack', 'supabase', '--yes', '--no-git', '--kit', 'settings,plugins'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown kit part "plugins" for --kit\.\nValid parts: settings, skills, mcp, or none\./);
    expect(readdirSync(cwd)).toEqual([]);
    for (const [value, message] of [
      ['none,settings', /--kit none,settings names parts and none at once\.\nGive the parts to render, or none alone\./],
      ['', /--kit needs the parts to render\.\nGive settings,skills,mcp or some of them, or none\./],
    ] as const) {
      const bad = await runCli(['app', '--stack', 'supabase', '--yes', '--no-git', `--kit=${value}`], { cwd });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--help of create and update lists it', async () => {
    for (const args of [['--help'], ['update', '--help']]) {
      const result = await runCli(args);
      expect(result.stdout).toMatch(/--kit <settings,skills,mcp\|none>\s+Parts of the Claude Code kit/);
    }
  });

  it('update keeps the recorded kit, and update --kit changes it', async () => {
    const dir = await renderProject('supabase', { extraArgs: ['--kit', 'skills'] });
    const same = await json(['update', dir]);
    expect(same.code).toBe(0);
    expect(statusOf(same.report, SETTINGS)).toBeUndefined();
    expect(recordOf(dir).answers.kit).toEqual(['skills']);
    const added = await json(['update', dir, '--kit', 'settings,skills']);
    expect(statusOf(added.report, SETTINGS)).toBe('create');
    expect(recordOf(dir).answers.kit).toEqual(['settings', 'skills']);
    const removed = await json(['update', dir, '--kit', 'none']);
    expect(removed.code).toBe(0);
    // Left on disk, out of the record: nothing you have is deleted.
    expect(statusOf(removed.report, SETTINGS)).toBe('dropped');
    expect(removed.report.files.find((f: { path: string }) => f.path === SETTINGS).reason).toMatch(
      /no longer rendered \(templates or answers changed\); left in place/,
    );
    expect(existsSync(join(dir, SETTINGS))).toBe(true);
    expect(recordOf(dir).answers.kit).toEqual([]);
  });

  it('the base from an older version is rendered with --kit only when the record has a kit (older versions lack the flag)', async () => {
    const { npxArgs } = await import('../src/update/old-version.js');
    const answers = { stack: 'supabase', name: 'App', agents: ['backend-architect'], model: null, supabase: true, git: false };
    expect(npxArgs('0.2.0', { ...answers, kit: [] }, 'app')).toContain('--kit=none');
    expect(npxArgs('0.2.0', { ...answers, kit: ['settings', 'mcp'] }, 'app')).toContain('--kit=settings,mcp');
    expect(npxArgs('0.1.0', answers as never, 'app').some((a) => a.startsWith('--kit'))).toBe(false);
  });

  it('add renders with the recorded kit and keeps it in the record', async () => {
    const dir = await renderProject('supabase', { agents: [], extraArgs: ['--kit', 'skills,mcp'] });
    const result = await json(['add', 'test-engineer', dir]);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, SETTINGS))).toBe(false);
    expect(recordOf(dir).answers).toMatchObject({ kit: ['skills', 'mcp'], agents: expect.arrayContaining(['test-engineer']) });
  });
});

/** A project as a version before the kit left it: no kit in the record, no kit files recorded or written. */
async function preKitProject(stack: string): Promise<string> {
  const dir = await renderProject(stack);
  const record = recordOf(dir);
  delete record.answers.kit;
  const kitFiles = record.files.filter((f: { path: string }) => f.path.startsWith('.claude/') && !f.path.startsWith('.claude/agents/'));
  for (const file of kitFiles) rmSync(join(dir, file.path));
  record.files = record.files.filter((f: { path: string }) => !kitFiles.includes(f));
  writeFileSync(join(dir, '.create-agents.json'), `${JSON.stringify(record, null, 2)}\n`);
  return dir;
}

describe('a record written before the kit existed', () => {
  it('reads as the whole kit: update adds the kit files, deletes nothing and finds no conflict (vue-crm keeps its .mcp.json)', async () => {
    const dir = await preKitProject('vue-crm');
    const mcp = read(dir, '.mcp.json');
    const result = await json(['update', dir]);
    expect(result.code, result.stdout).toBe(0);
    const statuses = result.report.files.map((f: { status: string }) => f.status);
    expect(statuses).not.toContain('conflict');
    expect(statuses).not.toContain('dropped');
    expect(statusOf(result.report, SETTINGS)).toBe('create');
    expect(statusOf(result.report, '.mcp.json')).toBe('unchanged');
    expect(read(dir, '.mcp.json')).toBe(mcp);
    expect(recordOf(dir).answers.kit).toEqual(['settings', 'skills', 'mcp']);
  });

  it('add writes the kit into the record and leaves the kit files for update', async () => {
    const dir = await preKitProject('supabase');
    const record = recordOf(dir);
    record.answers.agents = ['backend-architect'];
    writeFileSync(join(dir, '.create-agents.json'), `${JSON.stringify(record, null, 2)}\n`);
    const result = await json(['add', 'test-engineer', dir]);
    expect(result.code, result.stdout).toBe(0);
    expect(recordOf(dir).answers.kit).toEqual(['settings', 'skills', 'mcp']);
    expect(existsSync(join(dir, SETTINGS))).toBe(false);
  });
});

describe('a settings.json create-agents did not write', () => {
  const mine = { model: 'opus', permissions: { allow: ['Bash(npm test)', 'Read(.env)'], deny: ['Bash(curl *)'] }, hooks: { Stop: [] } };

  it('create merges the rules into it: every key and rule of yours kept, yours first, recorded as the render', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'app/.claude'), { recursive: true });
    writeFileSync(join(cwd, 'app', SETTINGS), `${JSON.stringify(mine, null, 2)}\n`);
    const { code, report } = await json(['app', '--stack', 'supabase', '--yes', '--no-git'], cwd);
    expect(code).toBe(0);
    const entry = report.files.find((f: { path: string }) => f.path === SETTINGS);
    expect(entry.status).toBe('merged');
    // Your allow rule for .env stands; the deny rule for it is not added.
    expect(entry.reason).toMatch(/yours stands: Read\(\.env\)/);
    const dir = join(cwd, 'app');
    const merged = settingsOf(dir);
    expect(merged.model).toBe('opus');
    expect(merged.hooks).toEqual({ Stop: [] });
    expect(merged.permissions.allow!.slice(0, 2)).toEqual(['Bash(npm test)', 'Read(.env)']);
    expect(merged.permissions.allow).toContain('Bash(npx deno test *)');
    expect(merged.permissions.deny![0]).toBe('Bash(curl *)');
    expect(merged.permissions.deny).not.toContain('Read(.env)');
    expect(merged.permissions.deny).toContain('Read(.env.*)');
    expect(new Set(merged.permissions.allow).size).toBe(merged.permissions.allow!.length);
    // The record holds the render, so that update can tell your rules from ours.
    const recorded = recordOf(dir).files.find((f: { path: string }) => f.path === SETTINGS).sha256;
    expect(recorded).not.toBe(sha(read(dir, SETTINGS)));
    // A second run finds nothing to add.
    const again = await json(['app', '--stack', 'supabase', '--yes', '--no-git'], cwd);
    expect(statusOf(again.report, SETTINGS)).toBe('kept');
  });

  it('invalid JSON: a clear message, exit 2, nothing written and the file left as it was', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'app/.claude'), { recursive: true });
    const broken = '{ "permissions": { "allow": ["Bash(npm test)",] } }\n';
    writeFileSync(join(cwd, 'app', SETTINGS), broken);
    const result = await runCli(['app', '--stack', 'supabase', '--yes', '--no-git'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(cwd, 'app', SETTINGS)} is not valid JSON`);
    expect(result.stderr).toMatch(/move it aside, then run again\. Nothing was written\./);
    expect(read(join(cwd, 'app'), SETTINGS)).toBe(broken);
    expect(readdirSync(join(cwd, 'app')).sort()).toEqual(['.claude']);
    expect(readdirSync(join(cwd, 'app/.claude'))).toEqual(['settings.json']);
  });

  it('update stops on a settings.json that is not JSON: exit 2, no file touched, the record as it was', async () => {
    const dir = await renderProject('supabase');
    writeFileSync(join(dir, SETTINGS), '{ "permissions": {}, }\n');
    writeFileSync(join(dir, 'CLAUDE.md'), 'mine\n');
    const record = read(dir, '.create-agents.json');
    const result = await runCli(['update', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, SETTINGS)} is not valid JSON`);
    expect(read(dir, SETTINGS)).toBe('{ "permissions": {}, }\n');
    expect(read(dir, 'CLAUDE.md')).toBe('mine\n');
    expect(read(dir, '.create-agents.json')).toBe(record);
  });

  it('update is three-way on the rules: your removal survives, your rules stay, the template change arrives', async () => {
    // Made from one templates folder, updated with a changed copy: the first one renders the base.
    const templates = join(tempDir('tpl-'), 'templates');
    cpSync(join(REPO, 'templates'), templates, { recursive: true });
    const changed = join(tempDir('tpl-'), 'templates');
    cpSync(join(REPO, 'templates'), changed, { recursive: true });
    const cwd = tempDir();
    expect((await runCli(['app', '--stack', 'supabase', '--yes', '--no-git', '--templates-dir', templates], { cwd })).code).toBe(0);
    const dir = join(cwd, 'app');
    const settings = settingsOf(dir);
    settings.permissions.allow = settings.permissions.allow!.filter((r) => r !== 'Bash(npx deno fmt *)').concat('Bash(make test)');
    settings.env = { MINE: '1' };
    writeFileSync(join(dir, SETTINGS), `${JSON.stringify(settings, null, 2)}\n`);

    const unchangedTemplates = await json(['update', dir]);
    expect(statusOf(unchangedTemplates.report, SETTINGS)).toBe('kept');

    const template = join(changed, 'shared/settings/settings.json.hbs');
    writeFileSync(template, readFileSync(template, 'utf8').replace('"Bash(npx deno lint *)",', '"Bash(npx deno lint *)",\n      "Bash(npx deno doc *)",'));
    const { code, report } = await json(['update', dir, '--templates-dir', changed]);
    expect(code).toBe(0);
    expect(statusOf(report, SETTINGS)).toBe('merged');
    const after = settingsOf(dir);
    expect(after.permissions.allow).toContain('Bash(npx deno doc *)');
    expect(after.permissions.allow).toContain('Bash(make test)');
    expect(after.permissions.allow).not.toContain('Bash(npx deno fmt *)');
    expect(after.env).toEqual({ MINE: '1' });
  });
});
