import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { interruptible } from './child-process.js';
import { InterruptedError } from './errors.js';

/**
 * A `git init` that never finished: a `.git` with a `config.lock` and no `config`. Every git command
 * there fails on the lock; `git init` again completes it once the lock is gone.
 */
export function unfinishedInit(dir: string): boolean {
  return existsSync(join(dir, '.git', 'config.lock')) && !existsSync(join(dir, '.git', 'config'));
}

/**
 * Initialises a git repository with a first branch named main. Returns an error message or null. A
 * lock left by an init that never finished is removed first; an init that fails or is interrupted
 * takes the `.git` it started away again, so that no lock is left behind.
 */
export async function gitInit(dir: string): Promise<string | null> {
  const { execa } = await import('execa');
  const git = join(dir, '.git');
  if (unfinishedInit(dir)) rmSync(join(git, 'config.lock'), { force: true });
  const fresh = !existsSync(git);
  const child = execa('git', ['init', '--quiet', '--initial-branch=main'], { cwd: dir, timeout: 30_000, stdin: 'ignore' });
  try {
    await interruptible(child, 'during git init: the files are written, no repository was made');
    return null;
  } catch (error) {
    if (fresh) rmSync(git, { recursive: true, force: true });
    if (error instanceof InterruptedError) throw error;
    const e = error as { code?: string; shortMessage?: string; message: string };
    return e.code === 'ENOENT' ? 'git is not installed' : (e.shortMessage ?? e.message);
  }
}
