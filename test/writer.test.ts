import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE, waitForUnlocked } from '../src/write/lock.js';
import { tempDir } from './helpers/cli.js';
import { giveTo, openUp, pauseAfter as pause, permissionRunner, removeCliBin, runCliWith, type StartOptions, startCli } from './helpers/spawn-cli.js';
import { leftovers, snapshotTree } from './helpers/tree.js';

const ARGS = ['--stack', 'react-chat', '--yes', '--no-git'];
const RECORD_FILE = '.create-agents.json';
// pause(n, ms): the run blocks for ms after its nth file (test/helpers/write-faults.cjs); a signal sent
// meanwhile is handled before the next file.
const runner = permissionRunner();
afterAll(removeCliBin);
if (runner.skip) console.log(`writer.test.ts: skipping the permission tests: ${runner.skip}`);

/** Mounts a small tmpfs (root on Linux only); returns why not, or null when it worked. */
function mountSmallDisk(dir: string, size: string): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'a small disk needs root on Linux (mount -t tmpfs)';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount -t tmpfs failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}
const probe = tempDir('ca-disk-probe-');
const noSmallDisk = mountSmallDisk(probe, '64k');
if (!noSmallDisk) execFileSync('umount', [probe]);
else console.log(`writer.test.ts: skipping the full-disk test: ${noSmallDisk}`);

/** A temp folder every user can reach. */
function sandbox(): string {
  const dir = tempDir('ca-writer-');
  openUp(dir);
  return dir;
}

/** The files a run would write into a new folder, in the order it writes them. */
async function plannedFiles(): Promise<string[]> {
  const r = await runCliWith(['proj', ...ARGS, '--dry-run', '--json'], { cwd: sandbox() });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).files as Array<{ path: string }>).map((f) => f.path);
}

/**
 * A folder of the plan written late: no file of the first two goes there and it has no sub-folders in
 * the plan, so making it read-only half way stops the run without trapping anything already written.
 */
function lateLeafFolder(files: string[]): string {
  const folders = [...new Set(files.map((p) => dirname(p)).filter((d) => d !== '.'))];
  const early = new Set(files.slice(0, 2).map((p) => dirname(p)));
  const leaves = folders.filter((d) => !early.has(d) && !files.some((p) => p.startsWith(`${d}/`) && dirname(p) !== d));
  return leaves.sort((a, b) => files.findIndex((p) => dirname(p) === b) - files.findIndex((p) => dirname(p) === a))[0]!;
}

/**
 * A project written by an earlier run, then edited by its owner: the first two files of the plan and
 * up to two files of a folder written later (`laterFolder`) differ from the templates, one with its own mode.
 */
async function editedProject(parent: string): Promise<{ dir: string; edited: string[]; laterFolder: string }> {
  const r = await runCliWith(['proj', ...ARGS], { cwd: parent });
  expect(r.code, r.stderr).toBe(0);
  const dir = join(parent, 'proj');
  const files = (await plannedFiles()).filter((p) => p !== RECORD_FILE);
  const first = files.slice(0, 2);
  const laterFolder = lateLeafFolder(files);
  const edited = [...first, ...files.filter((p) => dirname(p) === laterFolder).slice(0, 2)];
  for (const path of edited) appendFileSync(join(dir, path), '\n<!-- edited by the owner -->\n');
  chmodSync(join(dir, edited[0]!), 0o755);
  writeFileSync(join(dir, 'notes.md'), 'not from the templates\n');
  return { dir, edited, laterFolder };
}

/** A folder that exists but holds none of the plan. */
function unrelatedFolder(parent: string): string {
  const dir = join(parent, 'proj');
  mkdirSync(join(dir, 'docs'), { recursive: true });
  writeFileSync(join(dir, 'docs/readme.md'), '# mine\n');
  return dir;
}

function expectRolledBack(result: { code: number | null; stderr: string }, parent: string, before: ReturnType<typeof snapshotTree>) {
  const after = snapshotTree(parent);
  expect(after).toEqual(before);
  expect(leftovers(after)).toEqual([]);
  expect(result.code).not.toBe(0);
  expect(result.stderr).not.toMatch(/This is a bug/);
}

describe.skipIf(Boolean(runner.skip))('a folder the user cannot write', () => {
  const as: Pick<StartOptions, 'user'> = { user: runner.user };

  it('an existing read-only folder: exit 1, permission denied, nothing changed (with --force too)', async () => {
    const parent = sandbox();
    const { dir } = await editedProject(parent);
    if (!runner.user) chmodSync(dir, 0o555); // as root the folder stays root's: user 65534 cannot write it
    const before = snapshotTree(parent);
    for (const extra of [[], ['--force']]) {
      const result = await runCliWith(['proj', ...ARGS, ...extra], { cwd: parent, ...as });
      if (extra.length) {
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toMatch(/permission denied \(EACCES\)/);
        expect(result.stderr).toMatch(/Nothing was changed/);
      } else expect(result.stdout).toMatch(/CONFLICT/);
      expectRolledBack(result, parent, before);
    }
    chmodSync(dir, 0o755);
  });

  it('a new folder inside a read-only one: exit 1, nothing created', async () => {
    const parent = sandbox();
    const locked = join(parent, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const before = snapshotTree(parent);
    const result = await runCliWith([join('locked', 'proj'), ...ARGS], { cwd: parent, ...as });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/Could not create the folder .*locked.proj: permission denied/);
    expectRolledBack(result, parent, before);
    chmodSync(locked, 0o755);
  });

  it('a folder made read-only half way through a new project: what was written is removed, the new folder too', async () => {
    const parent = sandbox();
    giveTo(parent, runner.user);
    const files = await plannedFiles();
    const laterFolder = lateLeafFolder(files);
    const before = snapshotTree(parent);
    const run = startCli(['proj', ...ARGS], { cwd: parent, env: pause(2, 2000), ...as });
    await run.waitFor('paused after 2 files');
    expect(statSync(join(parent, 'proj', files[0]!)).isFile()).toBe(true);
    chmodSync(join(parent, 'proj', laterFolder), 0o555);
    const result = await run.result;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Could not write ${laterFolder}/.*permission denied \\(EACCES\\)`));
    expect(result.stderr).toMatch(
      /Every change was rolled back: create-agents removed the \d+ files it had written and removed the folder .*proj it had created/,
    );
    expectRolledBack(result, parent, before);
  });

  it('a folder made read-only half way through --force: written files removed, replaced files restored', async () => {
    const parent = sandbox();
    const { dir, edited, laterFolder } = await editedProject(parent);
    giveTo(parent, runner.user);
    openUp(parent);
    const before = snapshotTree(parent);
    const mode = statSync(join(dir, laterFolder)).mode & 0o7777;
    const run = startCli(['proj', ...ARGS, '--force'], { cwd: parent, env: pause(2, 2000), ...as });
    await run.waitFor('paused after 2 files');
    expect(readFileSync(join(dir, edited[0]!), 'utf8')).not.toMatch(/edited by the owner/);
    chmodSync(join(dir, laterFolder), 0o555);
    const result = await run.result;
    chmodSync(join(dir, laterFolder), mode);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Could not move ${edited[2]} aside: permission denied`));
    expect(result.stderr).toMatch(/restored the 2 files it had replaced/);
    expectRolledBack(result, parent, before);
    expect(readFileSync(join(dir, edited[0]!), 'utf8')).toMatch(/edited by the owner/);
  });
});

describe.skipIf(Boolean(noSmallDisk))('a full disk', () => {
  it('no space left while writing: exit 1, the existing folder as it was', async () => {
    const disk = tempDir('ca-disk-');
    expect(mountSmallDisk(disk, '96k')).toBeNull();
    try {
      openUp(disk);
      unrelatedFolder(disk);
      const before = snapshotTree(disk);
      const result = await runCliWith(['proj', ...ARGS], { cwd: disk });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/Could not write .*: no space left on the disk \(ENOSPC\)/);
      expect(result.stderr).toMatch(/Nothing was changed|Every change was rolled back/);
      expectRolledBack(result, disk, before);
    } finally {
      execFileSync('umount', [disk]);
    }
  });
});

describe.skipIf(Boolean(noSmallDisk))('a disk already full', () => {
  it('the lock file cannot be written: it does not stay behind, and nothing was changed', async () => {
    const disk = tempDir('ca-disk-');
    expect(mountSmallDisk(disk, '96k')).toBeNull();
    try {
      openUp(disk);
      mkdirSync(join(disk, 'proj'));
      try {
        writeFileSync(join(disk, 'filler'), Buffer.alloc(1 << 20));
      } catch {
        // The disk is full now.
      }
      const result = await runCliWith(['proj', ...ARGS], { cwd: disk });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/no space left on the disk/);
      expect(result.stderr).toMatch(/Nothing was changed/);
      expect(readdirSync(join(disk, 'proj'))).toEqual([]);
    } finally {
      execFileSync('umount', [disk]);
    }
  });
});

describe('something appearing at a planned path half way', () => {
  it.each([
    ['a folder', (path: string) => mkdirSync(path)],
    ['a file', (path: string) => writeFileSync(path, '{"mine": true}\n')],
  ])('%s appears: the run stops, rolls back, and leaves what appeared', async (_what, make) => {
    const parent = sandbox();
    const dir = unrelatedFolder(parent);
    const before = snapshotTree(parent);
    const run = startCli(['proj', ...ARGS], { cwd: parent, env: pause(2, 2000) });
    await run.waitFor('paused after 2 files');
    make(join(dir, RECORD_FILE));
    const result = await run.result;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/\.create-agents\.json appeared while create-agents was writing/);
    expect(result.stderr).toMatch(/Every change was rolled back/);
    expect(snapshotTree(join(dir, RECORD_FILE))).not.toBeNull();
    rmSync(join(dir, RECORD_FILE), { recursive: true });
    expectRolledBack(result, parent, before);
  });
});

describe('a signal during the write', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s into a new folder: exit %i, the folder it created is gone', async (signal, code) => {
    const parent = sandbox();
    const before = snapshotTree(parent);
    const run = startCli(['proj', ...ARGS], { cwd: parent, env: pause(3, 3000) });
    await run.waitFor('paused after 3 files');
    run.child.kill(signal);
    const result = await run.result;
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(new RegExp(`Stopped by ${signal} while writing`));
    expect(result.stderr).toMatch(/removed the 3 files it had written and removed the folder/);
    expectRolledBack(result, parent, before);
  });

  it('a file the run wrote and another program then changed: kept at rollback, and said so; the rest removed', async () => {
    const parent = sandbox();
    const files = await plannedFiles();
    const run = startCli(['proj', ...ARGS], { cwd: parent, env: pause(3, 3000) });
    await run.waitFor('paused after 3 files');
    const changed = join(parent, 'proj', files[1]!);
    appendFileSync(changed, 'edited meanwhile\n');
    const kept = readFileSync(changed, 'utf8');
    run.child.kill('SIGTERM');
    const result = await run.result;
    expect(result.code).toBe(143);
    expect(result.stderr).toContain(`${files[1]} was changed by another program meanwhile; it was left as it is`);
    expect(result.stderr).toMatch(/removed the 2 files it had written/);
    expect(readFileSync(changed, 'utf8')).toBe(kept);
    for (const path of [files[0]!, files[2]!]) expect(existsSync(join(parent, 'proj', path))).toBe(false);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during --force over an edited project: exit %i, replaced files restored byte for byte', async (signal, code) => {
    const parent = sandbox();
    await editedProject(parent);
    const before = snapshotTree(parent);
    const run = startCli(['proj', ...ARGS, '--force'], { cwd: parent, env: pause(2, 3000) });
    await run.waitFor('paused after 2 files');
    run.child.kill(signal);
    const result = await run.result;
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(/restored the 2 files it had replaced/);
    expectRolledBack(result, parent, before);
  });

  it('SIGTERM into an existing folder: it is left as it was, with no lock file', async () => {
    const parent = sandbox();
    unrelatedFolder(parent);
    const before = snapshotTree(parent);
    const run = startCli(['proj', ...ARGS], { cwd: parent, env: pause(3, 3000) });
    await run.waitFor('paused after 3 files');
    expect(leftovers(snapshotTree(parent)).length).toBeGreaterThan(0); // the lock, while it runs
    run.child.kill('SIGTERM');
    const result = await run.result;
    expect(result.code).toBe(143);
    expectRolledBack(result, parent, before);
  });
});

describe('two runs into the same folder', () => {
  /** What one run alone writes. */
  async function reference(extra: string[] = []) {
    const parent = sandbox();
    const r = await runCliWith(['proj', ...ARGS, ...extra], { cwd: parent });
    expect(r.code, r.stderr).toBe(0);
    return snapshotTree(join(parent, 'proj'));
  }

  it('a second run while the first is writing waits, then refuses naming the lock file; the first completes', async () => {
    const parent = sandbox();
    const first = startCli(['proj', ...ARGS], { cwd: parent, env: pause(3, 9000), timeoutMs: 60_000 });
    await first.waitFor('paused after 3 files');
    const started = Date.now();
    const second = await runCliWith(['proj', ...ARGS, '--name', 'Other Name'], { cwd: parent });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Another create-agents run (pid ${first.child.pid}`);
    expect(second.stderr).toContain(join(parent, 'proj', LOCK_FILE));
    expect(first.child.exitCode).toBeNull();
    const result = await first.result;
    expect(result.code, result.stderr).toBe(0);
    expect(snapshotTree(join(parent, 'proj'))).toEqual(await reference());
  });

  it.each([
    ['the same answers', [], 0],
    ['other answers', ['--name', 'Other Name'], 1],
  ] as const)('a second run with %s waits for the first, then sees its whole project', async (_what, extra, code) => {
    const parent = sandbox();
    const first = startCli(['proj', ...ARGS], { cwd: parent, env: pause(3, 1500) });
    await first.waitFor('paused after 3 files');
    const second = await runCliWith(['proj', ...ARGS, ...extra], { cwd: parent });
    const result = await first.result;
    expect(result.code, result.stderr).toBe(0);
    expect(second.code, second.stderr + second.stdout).toBe(code);
    if (code === 0) expect(second.stdout).toMatch(/^ {2}\d+ unchanged$/m);
    else expect(second.stdout).toMatch(/CONFLICT/);
    expect(snapshotTree(join(parent, 'proj'))).toEqual(await reference());
  });

  it('the lock: a live holder is waited for and named; a dead one is taken over; release keeps a lock not its own', async () => {
    const root = sandbox();
    const path = join(root, LOCK_FILE);
    writeFileSync(path, JSON.stringify({ pid: process.pid, token: 'other', started: 'earlier' }));
    await expect(acquireLock(root, 300)).rejects.toThrow(
      `Another create-agents run (pid ${process.pid}, started earlier) is writing to ${root}: it holds the lock file ${path}.`,
    );
    await expect(waitForUnlocked(root, 300)).rejects.toThrow(/holds the lock file/);
    // A lock written by a run records when it started as a number, shown as a date.
    writeFileSync(path, JSON.stringify({ pid: process.pid, token: 'other', started: Date.UTC(2026, 0, 2, 3, 4, 5) }));
    await expect(acquireLock(root, 300)).rejects.toThrow(`(pid ${process.pid}, started 2026-01-02T03:04:05.000Z)`);

    const gone = execFileSync(process.execPath, ['-p', 'process.pid'], { encoding: 'utf8' }).trim();
    writeFileSync(path, JSON.stringify({ pid: Number(gone), token: 'dead' }));
    await waitForUnlocked(root, 300);
    const release = await acquireLock(root, 300);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    writeFileSync(path, JSON.stringify({ pid: process.pid, token: 'someone else' }));
    await release();
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe('someone else');
    rmSync(path);
    await (await acquireLock(root, 300))();
    expect(snapshotTree(root)).toEqual([{ path: '', type: 'folder', mode: '777' }]);
  });
});

describe('links and special files', () => {
  function outside(parent: string): string {
    const dir = join(parent, 'outside');
    mkdirSync(join(dir, 'agents'), { recursive: true });
    writeFileSync(join(dir, 'agents', 'keep.md'), 'outside the project\n');
    return dir;
  }

  it.each([[[]], [['--force']]])('.claude as a link to a folder outside: reported as blocked, nothing written (%j)', async (extra) => {
    const parent = sandbox();
    const out = outside(parent);
    mkdirSync(join(parent, 'proj'));
    symlinkSync(out, join(parent, 'proj', '.claude'));
    const before = snapshotTree(parent);
    const result = await runCliWith(['proj', ...ARGS, ...extra], { cwd: parent });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/BLOCKED\s+\.claude\/agents\/backend-architect\.md\s+\(\.claude is a link to .*outside, outside the project folder\)/);
    expectRolledBack(result, parent, before);
  });

  it.each([[[]], [['--force']]])('an agent file that is a link, dangling or not: blocked, never written through (%j)', async (extra) => {
    const parent = sandbox();
    const out = outside(parent);
    await runCliWith(['proj', ...ARGS], { cwd: parent });
    const agents = join(parent, 'proj', '.claude', 'agents');
    rmSync(join(agents, 'backend-architect.md'));
    symlinkSync(join(out, 'agents', 'keep.md'), join(agents, 'backend-architect.md'));
    rmSync(join(agents, 'test-engineer.md'));
    symlinkSync(join(out, 'missing.md'), join(agents, 'test-engineer.md'));
    const before = snapshotTree(parent);
    const result = await runCliWith(['proj', ...ARGS, ...extra], { cwd: parent });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/BLOCKED\s+\.claude\/agents\/backend-architect\.md\s+\(is a symbolic link/);
    expect(result.stdout).toMatch(/BLOCKED\s+\.claude\/agents\/test-engineer\.md\s+\(is a symbolic link/);
    expectRolledBack(result, parent, before);
  });

  it.skipIf(process.platform === 'win32')('a FIFO at a planned path: blocked, never opened (the run does not hang)', async () => {
    const parent = sandbox();
    mkdirSync(join(parent, 'proj'));
    execFileSync('mkfifo', [join(parent, 'proj', 'CLAUDE.md')]);
    const before = snapshotTree(parent);
    for (const extra of [[], ['--force']]) {
      const result = await runCliWith(['proj', ...ARGS, ...extra], { cwd: parent, timeoutMs: 15_000 });
      expect(result.stdout).toMatch(/BLOCKED\s+CLAUDE\.md\s+\(a special file/);
      expectRolledBack(result, parent, before);
    }
  });

  it('a link swapped in for a folder half way: the run stops before writing through it', async () => {
    const parent = sandbox();
    const out = join(parent, 'outside');
    mkdirSync(out);
    const files = await plannedFiles();
    const later = files.filter((p) => p.includes('/') && p.split('/')[0] !== files[0]!.split('/')[0]).at(-1)!;
    const top = later.split('/')[0]!;
    const run = startCli(['proj', ...ARGS], { cwd: parent, env: pause(2, 2000) });
    await run.waitFor('paused after 2 files');
    rmSync(join(parent, 'proj', top), { recursive: true });
    symlinkSync(out, join(parent, 'proj', top));
    const result = await run.result;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${top} is a link to .*outside, outside the project folder`));
    expect(snapshotTree(out)).toEqual([{ path: '', type: 'folder', mode: '755' }]);
    expect(leftovers(snapshotTree(parent))).toEqual([]);
  });

  it('a link to a folder inside the project is followed: the files land inside', async () => {
    const parent = sandbox();
    mkdirSync(join(parent, 'proj', 'config', 'claude'), { recursive: true });
    symlinkSync(join('config', 'claude'), join(parent, 'proj', '.claude'));
    const result = await runCliWith(['proj', ...ARGS], { cwd: parent });
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(join(parent, 'proj', 'config', 'claude', 'agents', 'backend-architect.md')).isFile()).toBe(true);
  });
});
