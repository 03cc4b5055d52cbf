import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, lchownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, REPO, type RunResult } from './cli.js';

let bin: string | undefined;

/**
 * The built command, copied once per test file to a folder of its own, so that a rebuild of dist/ while
 * tests run cannot break a run half way. The copy is checked (every stack renders) before it is used.
 * The write-faults preload goes with it, where every user that runs the command can read it.
 */
export function cliBin(): string {
  if (bin) return bin;
  const stacks: string[] = JSON.parse(readFileSync(join(REPO, 'templates/registry.json'), 'utf8')).stacks;
  let problem = '';
  for (let attempt = 0; attempt < 30; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'ca-bin-'));
    try {
      cpSync(join(REPO, 'dist'), join(dir, 'dist'), { recursive: true });
      copyFileSync(join(REPO, 'package.json'), join(dir, 'package.json'));
      copyFileSync(join(REPO, 'test/helpers/write-faults.cjs'), join(dir, 'write-faults.cjs'));
      chmodSync(dir, 0o755);
      const cwd = mkdtempSync(join(tmpdir(), 'ca-bin-probe-'));
      const failed = stacks
        .map((stack) =>
          spawnSync(process.execPath, [join(dir, 'dist/cli.js'), 'p', '--stack', stack, '--yes', '--no-git', '--dry-run'], { cwd, encoding: 'utf8' }),
        )
        .find((r) => r.status !== 0);
      rmSync(cwd, { recursive: true, force: true });
      if (!failed) {
        bin = join(dir, 'dist/cli.js');
        return bin;
      }
      problem = failed.stderr;
    } catch (error) {
      problem = String(error);
    }
    rmSync(dir, { recursive: true, force: true });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
  throw new Error(`dist/ does not hold a working build (run npm run build): ${problem}`);
}

/**
 * The environment that makes a run pause for `ms` milliseconds after it has created `files` files,
 * printing `paused after <files> files` on stderr first (test/helpers/write-faults.cjs).
 */
export function pauseAfter(files: number, ms: number): Record<string, string> {
  const preload = join(cliBin(), '../../write-faults.cjs');
  const options = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(preload)}`].filter(Boolean).join(' ');
  return { NODE_OPTIONS: options, WRITE_FAULTS_PAUSE_AFTER: String(files), WRITE_FAULTS_PAUSE_MS: String(ms) };
}

/** The environment that makes a run pause for `ms` milliseconds once it has read a file named `name`. */
export function pauseAfterReading(name: string, ms: number): Record<string, string> {
  const preload = join(cliBin(), '../../write-faults.cjs');
  const options = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(preload)}`].filter(Boolean).join(' ');
  return { NODE_OPTIONS: options, WRITE_FAULTS_PAUSE_AFTER_READ: name, WRITE_FAULTS_PAUSE_MS: String(ms) };
}

/** The environment that makes a run pause for `ms` milliseconds once it has renamed a file from or to `name`. */
export function pauseAfterRenaming(name: string, ms: number): Record<string, string> {
  const preload = join(cliBin(), '../../write-faults.cjs');
  const options = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(preload)}`].filter(Boolean).join(' ');
  return { NODE_OPTIONS: options, WRITE_FAULTS_PAUSE_AFTER_RENAME: name, WRITE_FAULTS_PAUSE_MS: String(ms) };
}

export interface StartOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Run as this user (tests run as root in CI, and root ignores permissions). */
  user?: { uid: number; gid: number };
  timeoutMs?: number;
}

export interface Started {
  child: ChildProcess;
  /** Resolves when stderr has shown `text`; rejects if the run ends first. */
  waitFor(text: string): Promise<void>;
  result: Promise<RunResult>;
}

/** Removes the copy made by `cliBin` (call it from a test file's `afterAll`). */
export function removeCliBin(): void {
  if (bin) rmSync(join(bin, '../..'), { recursive: true, force: true });
  bin = undefined;
}

/** Starts the built command as a child process (no terminal, stdin closed) and lets a test act while it runs. */
export function startCli(args: string[], options: StartOptions): Started {
  const child = spawn(process.execPath, [cliBin(), ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
  });
  let stderr = '';
  const waiters: Array<{ text: string; resolve(): void; reject(e: Error): void }> = [];
  const result = collect(child, args.join(' '), {
    timeoutMs: options.timeoutMs,
    onStderr: (_chunk, all) => {
      stderr = all;
      for (const w of waiters.filter((w) => stderr.includes(w.text))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
    onClose: (code, output) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`the run ended (exit ${code}) before printing "${w.text}":\n${output.stderr}${output.stdout}`));
    },
  });
  result.catch(() => undefined);
  return {
    child,
    result,
    waitFor: (text) =>
      stderr.includes(text)
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            if (child.exitCode !== null) reject(new Error(`the run already ended:\n${stderr}`));
            else waiters.push({ text, resolve, reject });
          }),
  };
}

/** Runs the built command to the end. */
export function runCliWith(args: string[], options: StartOptions): Promise<RunResult> {
  return startCli(args, options).result;
}

const NOBODY = { uid: 65534, gid: 65534 };

/**
 * Who to run the command as for permission tests: as root, the unprivileged user 65534 (who must be
 * able to run node and read the built command); otherwise the current user. `skip` says why the tests
 * cannot run here.
 */
export function permissionRunner(): { user?: { uid: number; gid: number }; skip?: string } {
  if (process.platform === 'win32' || !process.getuid) return { skip: 'permission tests need POSIX permissions (not Windows)' };
  if (process.getuid() !== 0) return {};
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(cliBin())}, require('fs').constants.R_OK)`], {
    ...NOBODY,
    cwd: '/',
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    return { skip: `running as root, and user 65534 cannot run node or read ${cliBin()} (${(probe.stderr || String(probe.error)).trim().split('\n')[0]})` };
  }
  return { user: NOBODY };
}

/** Gives a folder tree to `user` (when running as root), so that only what a test makes read-only is. */
export function giveTo(path: string, user: { uid: number; gid: number } | undefined): void {
  if (!user) return;
  const stats = lstatSync(path);
  lchownSync(path, user.uid, user.gid);
  if (stats.isDirectory()) for (const name of readdirSync(path)) giveTo(join(path, name), user);
}

/** Lets another user reach `path` (a temp folder is private to its creator). */
export function openUp(path: string): void {
  chmodSync(path, 0o777);
}
