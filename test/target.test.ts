import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unsafeTarget } from '../src/target.js';
import { ensureRoot } from '../src/write/inspect.js';
import { runCli, tempDir } from './helpers/cli.js';

describe('unsafe targets', () => {
  it.each([
    ['/', false],
    ['/proc/nope', false],
    ['/sys', false],
    ['/dev/x', false],
    ['/etc', true],
    ['/etc/app', true],
    ['/usr', true],
    ['/usr/bin/app', true],
    ['/opt', true],
    ['/work/repo/.git', false],
    ['/work/repo/.git/hooks/x', false],
    ['/work/app/node_modules/pkg', false],
  ])('%s is refused (overridable: %s)', (path, overridable) => {
    expect(unsafeTarget(path, '/home/someone')).toMatchObject({ overridable });
  });

  it.each(['/usr/src/app', '/opt/app', '/home/someone/app', '/srv/www/site', '/work/git-tools', '/dev/shm/app'])('%s is fine', (path) => {
    expect(unsafeTarget(path, '/home/someone')).toBeNull();
  });

  it('the home folder itself is refused, overridably', () => {
    expect(unsafeTarget('/home/someone', '/home/someone')).toEqual({ reason: 'is your home folder', overridable: true, example: '/home/someone/my-project' });
  });

  it('suggests a folder that would do: below a system folder itself, else in the home folder', () => {
    expect(unsafeTarget('/opt', '/home/someone')?.example).toBe('/opt/my-project');
    expect(unsafeTarget('/etc/app', '/home/someone')?.example).toBe('/home/someone/my-project');
    expect(unsafeTarget('/proc/nope', '/home/someone')?.example).toBe('/home/someone/my-project');
    expect(unsafeTarget('/work/repo/.git/x', '/home/someone')?.example).toBe('/home/someone/my-project');
  });

  it('ensureRoot ends at once where the file system cannot hold a folder (procfs), and makes each missing level once', () => {
    const started = Date.now();
    expect(() => ensureRoot('/proc/nope/deeper')).toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    const base = tempDir('root-');
    expect(ensureRoot(join(base, 'a/b/c'))).toEqual([join(base, 'a'), join(base, 'a/b'), join(base, 'a/b/c')]);
    expect(ensureRoot(join(base, 'a/b/c'))).toEqual([]);
  });
});

describe('create-agents refuses unsafe targets with exit 2', () => {
  it.each([
    [['/', '--stack', 'supabase', '--yes'], /Refusing to write a project into \/: it is the root of the file system/, false],
    [['/proc/nope', '--stack', 'supabase', '--yes'], /it is in \/proc, a file system of the kernel's/, false],
    [['/etc', '--stack', 'supabase', '--yes'], /it is in \/etc, a system folder/, true],
    [['/usr', '--stack', 'supabase', '--yes', '--dry-run'], /it is a system folder/, true],
  ])('%j', async (args, message, overridable) => {
    const result = await runCli(args, { timeoutMs: 10_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.includes('--unsafe-target')).toBe(overridable);
  });

  it('a .git or node_modules folder is refused; the home folder only without --unsafe-target', async () => {
    const home = tempDir('home-');
    mkdirSync(join(home, 'repo/.git'), { recursive: true });
    for (const dir of ['repo/.git', 'repo/.git/agents', 'repo/node_modules/x']) {
      const result = await runCli([dir, '--stack', 'supabase', '--yes', '--no-git', '--unsafe-target'], { cwd: home });
      expect(result.code, dir).toBe(2);
    }
    const refused = await runCli(['.', '--stack', 'supabase', '--yes', '--no-git'], { cwd: home, env: { HOME: home } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is your home folder[\s\S]*--unsafe-target/);
    const allowed = await runCli(['.', '--stack', 'supabase', '--yes', '--no-git', '--unsafe-target'], { cwd: home, env: { HOME: home } });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(readdirSync(home)).toContain('CLAUDE.md');
  });

  it('a folder that holds files gets one notice line, and the run goes on', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'repo/src'), { recursive: true });
    const result = await runCli(['repo', '--stack', 'supabase', '--yes', '--no-git'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^Note: .*repo already holds 1 entry; .*\n$/);
    const empty = await runCli(['new', '--stack', 'supabase', '--yes', '--no-git'], { cwd });
    expect(empty.stderr).toBe('');
  });
});
