/**
 * The file-system calls the planner and the writer use, made synchronously behind the same promise
 * signatures as `node:fs/promises`. A plan is a few dozen small files: a thread-pool round trip per call
 * would cost more than the calls. The writer yields to the event loop between files, so signals still
 * reach it.
 */
import * as fs from 'node:fs';

const wrap =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  async (...args: A): Promise<R> =>
    fn(...args);

export const { constants } = fs;
export const chmod = wrap(fs.chmodSync);
export const copyFile = wrap(fs.copyFileSync);
export const link = wrap(fs.linkSync);
export const lstat = wrap((path: string) => fs.lstatSync(path));
export const mkdir = wrap(fs.mkdirSync);
export const readFile = wrap((path: string) => fs.readFileSync(path));
export const readText = wrap((path: string) => fs.readFileSync(path, 'utf8'));
export const readlink = wrap((path: string) => fs.readlinkSync(path, 'utf8'));
export const realpath = wrap((path: string) => fs.realpathSync(path));
export const rename = wrap(fs.renameSync);
export const rm = wrap(fs.rmSync);
export const rmdir = wrap((path: string) => fs.rmdirSync(path));
export const stat = wrap((path: string) => fs.statSync(path));
export const unlink = wrap(fs.unlinkSync);
export const writeFile = wrap(fs.writeFileSync);

/** Lets pending signals and timers run before the next file. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
