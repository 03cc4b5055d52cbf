import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';

export const LOCK_FILE = '.create-agents.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the project's lock file, so two runs never interleave. A lock left by a process that is gone
 * is taken over; a live one is waited for up to `waitMs`, then the run stops with a clear message.
 */
export async function acquireLock(root: string, waitMs = 5000): Promise<() => Promise<void>> {
  const path = join(root, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, started: new Date().toISOString() }));
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readFile(path, 'utf8').then((t) => Number(JSON.parse(t).pid), () => NaN);
    if (Number.isInteger(holder) && !alive(holder)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new UserError(`Another create-agents run${Number.isInteger(holder) ? ` (pid ${holder})` : ''} is writing to ${root}.`, {
        hint: `Wait for it to finish and run again. If no run is active, delete ${path}.`,
      });
    }
    await sleep(100);
  }
}
