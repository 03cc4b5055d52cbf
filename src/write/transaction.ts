import { closeSync, fchmodSync, linkSync, openSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import { InterruptedError, UserError } from '../errors.js';
import { markWritten, SIGNAL_EXIT_CODES, type SignalName, withSignalsDeferred } from '../signals.js';
import { writeOut } from '../terminal.js';
import { safeForTerminal } from '../terminal-text.js';
import { codeOf, fsFailure, whyFailed } from './failure.js';
import {
  assertPlannedPath,
  ensureFolders,
  ensureRoot,
  folderChainProblem,
  inspectTarget,
  isInside,
  isPlainFolderBelow,
  pathBelow,
  type TargetState,
} from './inspect.js';
import { recoverLeftovers } from './leftovers.js';
import { acquireLock, LOCK_FILE } from './lock.js';
import { RECORD_FILE } from './own-files.js';
import { lstatOrNull, quietly } from './quiet.js';
import { uniqueSuffix } from './unique.js';

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

interface Item {
  op: WriteOp;
  dest: string;
  /** Where the file it replaces is kept until the end, once moved there. */
  aside?: string;
  done?: 'placed' | 'unchanged';
  /** Replaced by renaming a complete file over it (see `replaceByRename`). */
  byRename?: boolean;
  /** That complete file, until it is renamed into place. */
  temp?: string;
}

/**
 * Files other runs read at any moment (add, update and check read the record): replaced by a rename,
 * so a reader sees the old file or the new one, never none and never half of one.
 */
const REPLACED_BY_RENAME = new Set([RECORD_FILE]);

/**
 * A name next to `dest` for a file of this run's: hidden, and recognisably create-agents', so that the
 * next run finds it if this one is killed (leftovers.ts): `.create-agents` for the file moved aside,
 * `.create-agents-tmp` for a new file not yet in place.
 */
const besides = (dest: string, suffix: '.create-agents' | '.create-agents-tmp' = '.create-agents') =>
  join(dirname(dest), `.${basename(dest)}.${uniqueSuffix()}${suffix}`);

function describe(state: TargetState): string {
  switch (state.kind) {
    case 'missing':
      return 'it is gone';
    case 'file':
      return 'now a file with other content';
    case 'link':
      return 'now a symbolic link';
    case 'other':
      return state.reason;
  }
}

const HINT = 'Run create-agents again to see it in the plan.';
const appeared = (path: string, why?: string) => new UserError(`${path} appeared while create-agents was writing${why ? ` (${why})` : ''}.`, { hint: HINT });

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The file calls are synchronous (a plan is a few dozen small files: a thread-pool round trip per call
 * would cost more than the calls); the writer lets the event loop run at least this often, so that a
 * signal reaches it while a slow disk keeps it busy: often enough that Ctrl-C is answered at once, and
 * seldom enough that a scaffold on a slow disk runs through without a pause (a pause also lets in the
 * garbage collection the runtime has scheduled, which costs a run more than a millisecond).
 */
const YIELD_EVERY_MS = 100;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes every op or none. Under the project's lock file, each file is created in place with an
 * exclusive create, so nothing that appeared meanwhile is ever replaced; a file it replaces is first
 * renamed aside (next to it) and removed at the end. On any failure or signal, every file this run
 * created is removed, replaced files are put back, folders it created are removed, and an error says
 * what happened.
 */
export async function writeAll(root: string, ops: readonly WriteOp[]): Promise<WriteResult> {
  let signal: SignalName | null = null;
  const transaction = new Transaction(root, ops, () => signal);
  const result = await withSignalsDeferred(
    (name) => {
      signal ??= name;
    },
    () => transaction.run(),
  );
  markWritten();
  // A signal that came once every file was in place ends the run now, keeping the files.
  if (signal) process.kill(process.pid, signal);
  return result;
}

class Transaction {
  private readonly items: Item[];
  private readonly createdDirs: string[] = [];
  private unlock?: () => void;
  /**
   * Folders (absolute paths) found usable since the writer last let other work run. Forgotten at every
   * yield, so a folder swapped for a link meanwhile is seen before a file is written through it.
   */
  private readonly usable = new Set<string>();
  private lastYield = Date.now();

  constructor(
    private readonly root: string,
    ops: readonly WriteOp[],
    private readonly signal: () => SignalName | null,
  ) {
    const seen = new Set<string>();
    this.items = ops.map((op) => {
      assertPlannedPath(op.path);
      if (seen.has(op.path)) throw new Error(`The plan writes ${op.path} twice.`);
      seen.add(op.path);
      return { op, dest: pathBelow(root, op.path) };
    });
  }

  async run(): Promise<WriteResult> {
    try {
      await this.prepare();
      await this.writeEach();
    } catch (error) {
      throw this.rollback(error);
    }
    this.finish();
    return { unchanged: this.items.filter((i) => i.done === 'unchanged').map((i) => i.op.path) };
  }

  private checkSignal(): void {
    const signal = this.signal();
    if (signal) throw new InterruptedError(`Stopped by ${signal} while writing.`, SIGNAL_EXIT_CODES[signal]);
  }

  /** Lets pending signals and timers run, when the writer has kept the event loop waiting a while. */
  private async breathe(): Promise<void> {
    if (Date.now() - this.lastYield < YIELD_EVERY_MS) return;
    await yieldToEventLoop();
    this.usable.clear();
    this.lastYield = Date.now();
  }

  /** Runs one file-system step; a failure becomes an error that says which step and why. */
  private step<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw fsFailure(what, error);
    }
  }

  private rel(path: string): string {
    return relative(this.root, path) || this.root;
  }

  private async prepare(): Promise<void> {
    this.createdDirs.push(...this.step(`create the folder ${this.root}`, () => ensureRoot(this.root)));
    try {
      this.unlock = await acquireLock(this.root, undefined, () => this.checkSignal());
    } catch (error) {
      throw fsFailure(`create the lock file ${join(this.root, LOCK_FILE)}`, error);
    }
    this.recover();
  }

  /**
   * Under the lock, before anything is written: what a killed run left in the folders of the plan is
   * cleaned up, and a file of yours it had moved aside is put back. The plan was made without that
   * file, so the run then stops, to be run again.
   */
  private recover(): void {
    const recovery = this.step('look for files an interrupted run left', () =>
      recoverLeftovers(this.root, ['.', ...this.items.map((item) => posix.dirname(item.op.path))]),
    );
    const lines = [
      ...recovery.restored.map((path) => `put back ${path}, which an interrupted run had moved aside`),
      ...recovery.removed.map((path) => `removed ${path}, a temporary file an interrupted run left`),
      ...recovery.kept.map(({ aside, of }) => `kept ${aside}: an interrupted run moved an earlier ${of} there; delete it once you no longer need it`),
    ];
    if (lines.length) writeOut(2, `create-agents: ${lines.map((l) => safeForTerminal(l)).join('\ncreate-agents: ')}\n`);
    if (recovery.restored.length) {
      throw new UserError(
        `Put back ${plural(recovery.restored.length, 'file')} of yours that an interrupted run had left aside; this run's plan was made without them.`,
        {
          hint: 'Run the command again.',
        },
      );
    }
  }

  /** Folders first (a folder that cannot be made stops the run before any file is written), then files. */
  private async writeEach(): Promise<void> {
    for (const folder of new Set(this.items.map((item) => dirname(item.op.path)))) {
      this.step(`create the folder ${folder}`, () => ensureFolders(this.root, folder, this.createdDirs, this.usable));
    }
    // Each file checks its folders again: one may have been swapped for a link since they were made.
    this.usable.clear();
    for (const item of this.items) {
      await this.breathe();
      this.checkSignal();
      if (item.op.expected === null) this.verifyFolders(item);
      else if (REPLACED_BY_RENAME.has(item.op.path)) {
        this.verifyReplaced(item);
        this.replaceByRename(item);
        this.checkSignal();
        continue;
      } else {
        this.verifyReplaced(item);
        this.moveAside(item);
      }
      this.create(item);
      this.checkSignal();
    }
  }

  /**
   * Before a new file is created: the folders on the way are still usable (a link swapped in for one
   * meanwhile stops the run). Whether something appeared at the path itself, the exclusive create tells.
   */
  private verifyFolders({ op }: Item): void {
    const problem = this.step(`read ${op.path}`, () => folderChainProblem(this.root, op.path, this.usable));
    if (problem && problem !== 'missing') throw appeared(op.path, problem);
  }

  private stateOf({ op }: Item): TargetState {
    return this.step(`read ${op.path}`, () => inspectTarget(this.root, op.path));
  }

  /** Before a file is replaced: it still holds what the plan saw. */
  private verifyReplaced(item: Item): void {
    const state = this.stateOf(item);
    if (state.kind === 'file' && state.content.equals(item.op.expected!)) return;
    throw new UserError(`${item.op.path} changed while create-agents was writing (${describe(state)}).`, { hint: HINT });
  }

  /**
   * Writes the new content to a file of its own next to the old one, keeps the old one under a second
   * name (a hard link, or a copy where links are not possible), then renames the new file over it.
   */
  private replaceByRename(item: Item): void {
    const { op, dest } = item;
    item.byRename = true;
    const temp = besides(dest, '.create-agents-tmp');
    item.temp = temp;
    this.step(`write ${op.path}`, () => {
      const fd = openSync(temp, 'wx', op.mode ?? 0o644);
      try {
        if (op.mode !== undefined) fchmodSync(fd, op.mode);
        const bytes = Buffer.from(op.content);
        for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      } finally {
        closeSync(fd);
      }
    });
    const aside = besides(dest);
    this.step(`keep the old ${op.path}`, () => {
      try {
        linkSync(dest, aside);
      } catch {
        writeFileSync(aside, op.expected!, { flag: 'wx', mode: op.mode ?? 0o644 });
      }
    });
    item.aside = aside;
    this.step(`replace ${op.path}`, () => renameSync(temp, dest));
    item.temp = undefined;
    item.done = 'placed';
  }

  /** Undoes `replaceByRename`: the old file is renamed back over the new one, again never leaving a gap. */
  private undoRename(item: Item, attempt: (what: string, fn: () => unknown) => boolean, problems: string[]): boolean {
    const { op, dest, aside, temp } = item;
    if (temp) attempt(`remove ${this.rel(temp)}`, () => unlinkSync(temp));
    if (!aside) return false;
    if (item.done !== 'placed') {
      attempt(`remove ${this.rel(aside)}`, () => unlinkSync(aside));
      return false;
    }
    if (!this.holdsWhatItWrote(item)) {
      problems.push(`${op.path} was changed by another program meanwhile; it was left as it is`, `the original ${op.path} is kept at ${this.rel(aside)}`);
      return false;
    }
    if (attempt(`restore ${op.path}`, () => renameSync(aside, dest))) return true;
    problems.push(`the original ${op.path} is kept at ${this.rel(aside)}`);
    return false;
  }

  /** The file to replace is kept next to it (so a rename always works) until the end. */
  private moveAside(item: Item): void {
    const aside = besides(item.dest);
    this.step(`move ${item.op.path} aside`, () => renameSync(item.dest, aside));
    item.aside = aside;
  }

  /**
   * Creates the file with an exclusive create: it never replaces what is there, and a link at the path
   * (even one to nowhere) makes it fail rather than be followed.
   */
  private create(item: Item): void {
    const { op, dest } = item;
    try {
      if (op.mode === undefined) {
        // A new file: created, written and closed in one call of Node's.
        writeFileSync(dest, op.content, { flag: 'wx' });
      } else {
        // A replaced file keeps its mode exactly, set on the open file (never through a path).
        const fd = openSync(dest, 'wx', op.mode);
        try {
          fchmodSync(fd, op.mode);
          const bytes = Buffer.from(op.content);
          for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
        } finally {
          closeSync(fd);
        }
      }
      item.done = 'placed';
    } catch (error) {
      // Only a failure to create leaves nothing of this run's at the path; after that, what is there
      // is the start of the file, which rollback removes.
      if ((error as NodeJS.ErrnoException).syscall !== 'open') item.done = 'placed';
      else if (codeOf(error) === 'EEXIST') {
        this.foundInTheWay(item);
        return;
      }
      throw fsFailure(`write ${op.path}`, error);
    }
  }

  /** Something is at the path of a file to create. The same file, written by another run, is fine. */
  private foundInTheWay(item: Item): void {
    const state = item.op.expected === null ? this.stateOf(item) : undefined;
    if (state?.kind === 'file' && state.content.equals(Buffer.from(item.op.content))) {
      item.done = 'unchanged';
      return;
    }
    throw appeared(item.op.path, state && state.kind !== 'missing' ? describe(state) : undefined);
  }

  private finish(): void {
    for (const { aside } of this.items) if (aside) quietly(() => unlinkSync(aside));
    this.unlock?.();
  }

  /**
   * Whether the file this run created holds nothing but what the run wrote there: all of its content or
   * the start of it (a write that failed half way), or is gone. Only then does rollback remove it; a
   * file another program changed or replaced meanwhile is left alone.
   */
  private holdsWhatItWrote(item: Item): boolean {
    const now = lstatOrNull(item.dest);
    if (!now) return true;
    const intended = Buffer.from(item.op.content);
    if (!now.isFile() || now.size > intended.length) return false;
    try {
      return readFileSync(item.dest).equals(intended.subarray(0, now.size));
    } catch (error) {
      return codeOf(error) === 'ENOENT';
    }
  }

  /** Undoes everything this run did and returns the error to report, which says what happened. */
  private rollback(error: unknown): Error {
    const problems: string[] = [];
    const attempt = (what: string, fn: () => unknown): boolean => {
      try {
        fn();
        return true;
      } catch (e) {
        if (codeOf(e) === 'ENOENT') return true;
        problems.push(`${what}: ${whyFailed(e)}`);
        return false;
      }
    };
    let removed = 0;
    let restored = 0;
    for (const item of [...this.items].reverse()) {
      const { op, dest, aside } = item;
      if (item.byRename) {
        if (this.undoRename(item, attempt, problems)) restored++;
        continue;
      }
      if (item.done === 'placed') {
        if (!this.holdsWhatItWrote(item)) {
          problems.push(`${op.path} was changed by another program meanwhile; it was left as it is`);
          if (aside) problems.push(`the original ${op.path} is kept at ${this.rel(aside)}`);
          continue;
        }
        if (attempt(`remove ${op.path}`, () => unlinkSync(dest))) removed++;
      }
      if (aside) {
        // Put back only where nothing is, and never through a link swapped in meanwhile.
        let state: TargetState;
        try {
          state = inspectTarget(this.root, op.path);
        } catch (e) {
          state = { kind: 'other', reason: (e as Error).message };
        }
        if (state.kind !== 'missing') {
          problems.push(`could not restore ${op.path}: ${describe(state)}; the original is kept at ${this.rel(aside)}`);
        } else if (attempt(`restore ${op.path}`, () => renameSync(aside, dest))) restored++;
        else problems.push(`the original ${op.path} is kept at ${this.rel(aside)}`);
      }
    }
    this.unlock?.();
    let rootRemoved = false;
    for (const dir of [...this.createdDirs].reverse()) {
      // Folders above the project folder were named by the person; those below must still be real folders.
      if (dir !== this.root && isInside(this.root, dir) && !isPlainFolderBelow(this.root, dir)) {
        if (lstatOrNull(dir)) problems.push(`kept ${this.rel(dir)}: it is no longer the folder this run created`);
        continue;
      }
      try {
        rmdirSync(dir);
        if (dir === this.root) rootRemoved = true;
      } catch (e) {
        if (codeOf(e) === 'ENOENT') continue;
        if (codeOf(e) === 'ENOTEMPTY' || codeOf(e) === 'EEXIST') problems.push(`kept the folder ${this.rel(dir)}: it holds files this run did not write`);
        else problems.push(`remove the folder ${this.rel(dir)}: ${whyFailed(e)}`);
      }
    }

    const done: string[] = [];
    if (removed) done.push(`removed the ${plural(removed, 'file')} it had written`);
    if (restored) done.push(`restored the ${plural(restored, 'file')} it had replaced`);
    if (rootRemoved) done.push(`removed the folder ${this.root} it had created`);
    const did = done.length > 1 ? `${done.slice(0, -1).join(', ')} and ${done.at(-1)}` : (done[0] ?? '');
    const summary = problems.length
      ? `Rollback was incomplete${did ? ` (create-agents ${did})` : ''}:\n  - ${problems.join('\n  - ')}`
      : did
        ? `Every change was rolled back: create-agents ${did}. The folder is as it was.`
        : 'Nothing was changed.';
    const message = `${error instanceof Error ? error.message : String(error)}\n${summary}`;
    if (error instanceof InterruptedError) return new InterruptedError(message, error.exitCode);
    if (error instanceof UserError) return new UserError(message, { exitCode: error.exitCode, hint: error.hint, cause: error });
    return new Error(message, { cause: error });
  }
}
