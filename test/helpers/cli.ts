import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(REPO, 'dist/cli.js');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'ca-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Collects a child's output until it ends, killing it past the time limit. `onOutput` sees every chunk
 * of stderr with everything read so far; `onClose` runs before the result settles.
 */
export function collect(
  child: ChildProcess,
  label: string,
  options: {
    timeoutMs?: number;
    onStderr?: (chunk: string, all: string) => void;
    onClose?: (code: number | null, output: { stdout: string; stderr: string }) => void;
  } = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => {
    stderr += d;
    options.onStderr?.(String(d), stderr);
  });
  return new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`create-agents ${label} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.onClose?.(code, { stdout, stderr });
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs the built command as a user would: a child process, no terminal, stdin closed. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number; onStderr?: (chunk: string, child: ChildProcess) => void } = {},
): Promise<RunResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? tempDir(),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child, args.join(' '), { timeoutMs: options.timeoutMs, onStderr: (chunk) => options.onStderr?.(chunk, child) });
}
