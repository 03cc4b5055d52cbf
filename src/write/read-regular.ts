import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { codeOf } from './failure.js';

/** A path that is there but is not a regular file (a FIFO, a device, a socket, a folder). */
export class NotRegularFileError extends Error {
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`${path} is ${kind}, not a regular file`);
    this.name = 'NotRegularFileError';
  }
}

/** What a file-system object is, in words, for messages. */
export function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }) {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * Reads a regular file without ever blocking on a special one: it is opened non-blocking (a FIFO with
 * no writer would make a plain open wait forever) and its type is checked on the open descriptor, so a
 * swap between a check and the open cannot fool it. Links are followed; what they end at must be a
 * regular file too (a link to /dev/zero is refused before a byte is read). Null when nothing is there.
 */
export function readRegularFile(path: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new NotRegularFileError(path, kindOf(stats));
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
