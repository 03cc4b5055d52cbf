/**
 * Standard streams without their stream objects. `process.stdout` and `tty` load Node's stream and
 * network modules (several milliseconds); a run whose output goes to a file, a pipe or /dev/null writes
 * with plain `fs.writeSync` and never needs them.
 */
import { fstatSync, type Stats, statSync, writeSync } from 'node:fs';

const terminal = new Map<number, boolean>();
let devNull: number | undefined;

/** Whether `fd` is a terminal: a pipe, a file or /dev/null is decided from one `fstat`. */
export function isTerminal(fd: number): boolean {
  let known = terminal.get(fd);
  if (known === undefined) {
    known = probe(fd);
    terminal.set(fd, known);
  }
  return known;
}

function probe(fd: number): boolean {
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return false;
  }
  if (!stats.isCharacterDevice()) return false;
  devNull ??= statSync('/dev/null', { throwIfNoEntry: false })?.rdev ?? -1;
  if (stats.rdev === devNull) return false;
  return process.getBuiltinModule('node:tty').isatty(fd);
}

const closed = new Set<number>();
const streamed = new Set<number>();

/**
 * Writes all of `text` to stdout (1) or stderr (2). A reader that stops early (`| head`) closes the
 * pipe: the rest is dropped, which is not an error of ours. A terminal, or a descriptor that would block,
 * goes through Node's stream (and, once it has, everything after it too, so the order holds).
 */
export function writeOut(fd: 1 | 2, text: string): void {
  if (closed.has(fd)) return;
  if (streamed.has(fd) || isTerminal(fd)) return void streamOf(fd).write(text);
  let bytes = Buffer.from(text);
  while (bytes.length) {
    let n: number;
    try {
      n = writeSync(fd, bytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return void closed.add(fd);
      if (code === 'EAGAIN') return void streamOf(fd).write(bytes);
      throw error;
    }
    bytes = bytes.subarray(n);
  }
}

function streamOf(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!streamed.has(fd)) {
    streamed.add(fd);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return stream;
}

/**
 * Whether everything written so far went out with synchronous calls (no terminal, no stream): then
 * nothing is left to flush when the process ends.
 */
export function writtenSynchronously(): boolean {
  return streamed.size === 0 && !isTerminal(1) && !isTerminal(2);
}
