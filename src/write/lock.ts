import { linkSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { shellQuote } from '../names.js';
import { codeOf } from './failure.js';
import { LOCK_FILE } from './own-files.js';
import { lstatOrNull, quietly } from './quiet.js';
import { kindOf, NotRegularFileError, readRegularFile } from './read-regular.js';
import { uniqueSuffix } from './unique.js';

export { LOCK_FILE };
/** How long a run waits for another one writing to the same folder before it gives up. */
export const LOCK_WAIT_MS = 5000;
/** A lock file still empty after this long was left by a run that died while creating it. */
const EMPTY_LOCK_GRACE_MS = 2000;

interface Holder {
  pid: number;
  token: string;
  /** When the run took the lock, in milliseconds since 1970 (formatted only for a message). */
  started: number | string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Something that is not a lock file stands at the lock's path: never opened in a way that could wait. */
function notALock(path: string, kind: string): UserError {
  return new UserError(`${path} is ${kind}, not the lock file create-agents writes.`, {
    exitCode: 2,
    hint: `Remove it (rm ${shellQuote(path)}) and run again.`,
  });
}

/** The lock as found on disk: null when there is none; `stale` when its run is gone. */
function readLock(path: string): { text: string; holder: Partial<Holder>; stale: boolean } | null {
  const found = lstatOrNull(path);
  if (!found) return null;
  // A link, a FIFO or a device there is refused: reading a FIFO would wait for a writer forever.
  if (!found.isFile()) throw notALock(path, found.isSymbolicLink() ? 'a symbolic link' : kindOf(found));
  let text: string;
  let age: number;
  try {
    const bytes = readRegularFile(path);
    if (!bytes) return null;
    text = bytes.toString('utf8');
    age = Date.now() - statSync(path).mtimeMs;
  } catch (error) {
    if (error instanceof NotRegularFileError) throw notALock(path, error.kind);
    if (codeOf(error) === 'ENOENT') return null;
    throw error;
  }
  let holder: Partial<Holder> = {};
  try {
    holder = JSON.parse(text) as Partial<Holder>;
  } catch {
    // Being written right now, or damaged.
  }
  const pid = Number(holder.pid);
  const stale = Number.isInteger(pid) && pid > 0 ? !alive(pid) : age > EMPTY_LOCK_GRACE_MS;
  return { text, holder, stale };
}

/**
 * Removes a lock left by a run that is gone. The lock is first moved aside, so that when two runs do
 * this at once only one of them removes it, and a fresh lock moved aside by mistake is put back.
 */
function takeOver(path: string, staleText: string): void {
  const aside = `${path}.stale-${uniqueSuffix()}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw error;
  }
  // Gone again: treated as the stale lock.
  let moved = staleText;
  quietly(() => (moved = readRegularFile(aside)?.toString('utf8') ?? staleText));
  // When someone took the lock meanwhile, theirs stays.
  if (moved !== staleText) quietly(() => linkSync(aside, path));
  quietly(() => unlinkSync(aside));
}

function lockedError(root: string, path: string, holder: Partial<Holder>): UserError {
  const started = typeof holder.started === 'number' && Number.isFinite(holder.started) ? new Date(holder.started).toISOString() : holder.started;
  const who = holder.pid ? ` (pid ${holder.pid}${started ? `, started ${started}` : ''})` : '';
  return new UserError(`Another create-agents run${who} is writing to ${root}: it holds the lock file ${path}.`, {
    hint: `Wait for it to finish and run again. If no create-agents run is active, delete ${path}.`,
  });
}

/**
 * Takes the project's lock file, so two runs never interleave. A lock left by a process that is gone
 * is taken over; a live one is waited for up to `waitMs`, then the run stops with a clear message.
 * Returns the function that releases the lock (it removes the file only while it is still this run's).
 * `checkStop` is called while waiting and may throw to stop waiting (a signal arrived).
 */
export async function acquireLock(root: string, waitMs = LOCK_WAIT_MS, checkStop?: () => void): Promise<() => void> {
  const path = join(root, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  const holder: Holder = { pid: process.pid, token: `${uniqueSuffix()}${uniqueSuffix()}`, started: Date.now() };
  const text = JSON.stringify(holder);
  for (;;) {
    checkStop?.();
    try {
      writeFileSync(path, text, { flag: 'wx' });
      return () => releaseLock(path, text);
    } catch (error) {
      // Created but not written (a full disk): the empty file is this run's, and must not stay behind.
      if ((error as NodeJS.ErrnoException).syscall !== 'open') quietly(() => unlinkSync(path));
      if (codeOf(error) !== 'EEXIST') throw error;
    }
    const found = readLock(path);
    if (!found) continue;
    if (found.stale) {
      takeOver(path, found.text);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(root, path, found.holder);
    await sleep(100);
  }
}

/** Removes the lock file, only while it is still the one this run wrote. */
function releaseLock(path: string, text: string): void {
  // Gone already, or not ours to remove: nothing to do.
  quietly(() => {
    if (lstatOrNull(path)?.isFile() && readRegularFile(path)?.toString('utf8') === text) unlinkSync(path);
  });
}

/**
 * Waits until no live run holds the lock of `root` (up to `waitMs`), so that a plan is not made from a
 * half-written folder. It takes nothing: the writer takes the lock and checks every file again under it.
 */
export async function waitForUnlocked(root: string, waitMs = LOCK_WAIT_MS): Promise<void> {
  const path = join(root, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    let found: ReturnType<typeof readLock>;
    try {
      found = readLock(path);
    } catch {
      found = null;
    }
    if (!found || found.stale) return;
    if (Date.now() >= deadline) throw lockedError(root, path, found.holder);
    await sleep(100);
  }
}
