import { chmod, link, mkdir, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { InterruptedError, UserError } from '../errors.js';
import { SIGNAL_EXIT_CODES, withSignalsDeferred } from '../signals.js';
import { acquireLock } from './lock.js';

export interface WriteOp {
  path: string;
  content: string;
  /** The bytes expected at the path now: null when it must not exist. Checked again under the lock. */
  expected: Buffer | null;
  /** Mode to keep when replacing a file. */
  mode?: number;
}

export interface WriteResult {
  /** Paths found already identical under the lock (another run wrote the same). */
  unchanged: string[];
}


const tmpName = (dest: string, tag: string) =>
  join(dirname(dest), `.${basename(dest)}.${tag}-${randomBytes(4).toString('hex')}.create-agents`);

/** A pause between two files, only when a test asks for one through the environment. */
async function testPause(done: number): Promise<void> {
  const after = Number(process.env.CREATE_AGENTS_TEST_PAUSE_AFTER);
  if (!Number.isInteger(after) || after !== done) return;
  process.stderr.write(`create-agents: paused after ${done} files\n`);
  await new Promise((r) => setTimeout(r, Number(process.env.CREATE_AGENTS_TEST_PAUSE_MS ?? 3000)));
}

async function sameContent(path: string, content: string): Promise<boolean> {
  try {
    return (await readFile(path)).equals(Buffer.from(content));
  } catch {
    return false;
  }
}

/**
 * Writes every op or none. Files are staged next to their destination, then moved into place; a
 * replaced file is kept aside until the end. On any failure or signal, everything this run wrote is
 * removed, replaced files are put back, folders it created are removed, and the error is rethrown.
 */
export async function writeAll(root: string, ops: readonly WriteOp[]): Promise<WriteResult> {
  let signal: keyof typeof SIGNAL_EXIT_CODES | null = null;
  return withSignalsDeferred(
    (name) => {
      signal ??= name;
    },
    () =>
      writeOps(root, ops, () => {
        if (signal) throw new InterruptedError(`Stopped by ${signal} while writing: every change was rolled back.`, SIGNAL_EXIT_CODES[signal]);
      }),
  );
}

async function writeOps(root: string, ops: readonly WriteOp[], checkSignal: () => void): Promise<WriteResult> {
  const createdDirs: string[] = [];
  const staged: Array<{ op: WriteOp; dest: string; tmp: string }> = [];
  const committed: Array<{ dest: string; backup?: string }> = [];
  const unchanged: string[] = [];
  const ensureDir = async (dir: string): Promise<void> => {
    const made = await mkdir(dir, { recursive: true });
    if (!made) return;
    // mkdir returns the first folder it created; record every level below it, outermost first.
    const levels: string[] = [];
    for (let d = dir; d.length >= made.length; d = dirname(d)) levels.unshift(d);
    createdDirs.push(...levels);
  };

  let unlock: (() => Promise<void>) | undefined;
  try {
    await ensureDir(root);
    unlock = await acquireLock(root);
    for (const op of ops) {
      const dest = join(root, op.path);
      await ensureDir(dirname(dest));
      const tmp = tmpName(dest, 'new');
      await writeFile(tmp, op.content, { flag: 'wx' });
      staged.push({ op, dest, tmp });
      if (op.mode !== undefined) await chmod(tmp, op.mode);
      checkSignal();
    }
    for (const item of staged) {
      const { op, dest, tmp } = item;
      if (op.expected === null) {
        try {
          await link(tmp, dest);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          if (!(await sameContent(dest, op.content))) {
            throw new UserError(`${op.path} appeared while create-agents was writing; nothing was changed.`, { hint: 'Run again to see it as a conflict.' });
          }
          unchanged.push(op.path);
          await unlink(tmp);
          item.tmp = '';
          continue;
        }
        committed.push({ dest });
        await unlink(tmp);
        item.tmp = '';
      } else {
        const now = await readFile(dest).catch(() => null);
        if (!now || !now.equals(op.expected)) {
          throw new UserError(`${op.path} changed while create-agents was running; nothing was changed.`, { hint: 'Run again.' });
        }
        const backup = tmpName(dest, 'old');
        await rename(dest, backup);
        committed.push({ dest, backup });
        await rename(tmp, dest);
        item.tmp = '';
      }
      checkSignal();
      await testPause(committed.length);
      checkSignal();
    }
    for (const c of committed) if (c.backup) await unlink(c.backup).catch(() => undefined);
    return { unchanged };
  } catch (error) {
    const problems = await rollback(committed, staged, createdDirs, unlock);
    unlock = undefined;
    if (problems.length) {
      const message = error instanceof Error ? error.message : String(error);
      throw new UserError(`${message}\nRollback was incomplete:\n  ${problems.join('\n  ')}`, { cause: error });
    }
    throw error;
  } finally {
    await unlock?.();
  }
}

async function rollback(
  committed: Array<{ dest: string; backup?: string }>,
  staged: Array<{ tmp: string }>,
  createdDirs: string[],
  unlock: (() => Promise<void>) | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${what}: ${(error as Error).message}`);
    }
  };
  for (const c of [...committed].reverse()) {
    if (c.backup) await attempt(`restore ${c.dest}`, () => rename(c.backup!, c.dest));
    else await attempt(`remove ${c.dest}`, () => unlink(c.dest));
  }
  for (const s of staged) if (s.tmp) await attempt(`remove ${s.tmp}`, () => unlink(s.tmp));
  await unlock?.();
  for (const dir of [...createdDirs].reverse()) await attempt(`remove folder ${dir}`, () => rmdir(dir));
  return problems;
}
