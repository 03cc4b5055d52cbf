import { lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, type Stats, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { codeOf } from './failure.js';
import { lstatOrNull } from './quiet.js';

/** What is on disk where a planned file would go. */
export type TargetState = { kind: 'missing' } | { kind: 'file'; content: Buffer; mode: number } | { kind: 'link' } | { kind: 'other'; reason: string };

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes(codeOf(error));
const isDenied = (error: unknown) => ['EACCES', 'EPERM'].includes(codeOf(error));

/**
 * The real path of `path`: links resolved, dangling ones included (to where they point), and the part
 * that does not exist kept as written.
 */
export function realPathOf(path: string, depth = 0): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch (error) {
    if (!isMissing(error) || depth > 40) throw error;
    const stats = lstatSync(absolute, { throwIfNoEntry: false });
    if (stats?.isSymbolicLink()) return realPathOf(resolve(dirname(absolute), readlinkSync(absolute, 'utf8')), depth + 1);
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(realPathOf(parent, depth + 1), absolute.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
  }
}

/**
 * The real path of a project folder, looked up once per process: every planned file asks for it, and
 * the folders above the project are not the run's to change.
 */
const realRoots = new Map<string, string>();
function realRootOf(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realPathOf(root);
    realRoots.set(root, real);
  }
  return real;
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * `join(folder, path)` for a path checked by `assertPlannedPath` (no `.`, `..` or empty parts), as a
 * plain concatenation: the writer builds a few hundred of these per run.
 */
export const pathBelow = (folder: string, path: string): string => (folder.endsWith(sep) ? folder + path : folder + sep + path);

/** A planned path must stay below the project folder: relative, no `..`, no empty or `.` parts. */
export function assertPlannedPath(relPath: string): void {
  const parts = relPath.split('/');
  if (isAbsolute(relPath) || relPath.includes('\\') || relPath.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new UserError(`Refusing to write "${relPath}": a planned path must be relative and stay inside the project folder.`);
  }
}

/** What is at `path`, links not followed: 'missing' when nothing is, a reason when it cannot be looked at. */
function look(path: string, name: string): Stats | 'missing' | string {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? 'missing';
  } catch (error) {
    if (isMissing(error)) return 'missing';
    if (isDenied(error)) return `${name} cannot be read (permission denied)`;
    throw error;
  }
}

/**
 * Checks a folder on the way to a planned file: a real folder, or a link to a folder inside the project.
 * Returns a reason when it cannot be used, null when it can, 'missing' when nothing is there.
 */
function folderProblem(realRoot: string, root: string, path: string): string | null | 'missing' {
  const rel = relative(root, path);
  const stats = look(path, rel);
  if (typeof stats === 'string') return stats; // 'missing', or why it cannot be looked at
  if (stats.isDirectory()) return null;
  if (!stats.isSymbolicLink()) return `${rel} is not a folder`;
  let target: string;
  try {
    target = realPathOf(path);
  } catch (error) {
    if (codeOf(error) === 'ELOOP') return `${rel} is a link that loops`;
    throw error;
  }
  if (!isInside(realRoot, target)) return `${rel} is a link to ${target}, outside the project folder`;
  const targetStats = statSync(path, { throwIfNoEntry: false });
  if (!targetStats) return `${rel} is a link to ${target}, which does not exist`;
  return targetStats.isDirectory() ? null : `${rel} is a link to something that is not a folder`;
}

/**
 * Checks the folders on the way to a planned path, outermost first: the reason the first one cannot be
 * used, 'missing' when one is not there, null when all can be used. Folders in `usable` are taken as
 * checked already; the ones found usable now are added to it.
 */
export function folderChainProblem(root: string, relPath: string, usable?: Set<string>): string | 'missing' | null {
  assertPlannedPath(relPath);
  const realRoot = realRootOf(root);
  const parts = relPath.split('/');
  let current = root;
  for (let i = 0; i < parts.length - 1; i++) {
    current = pathBelow(current, parts[i]!);
    if (usable?.has(current)) continue;
    const problem = folderProblem(realRoot, root, current);
    if (problem) return problem;
    usable?.add(current);
  }
  return null;
}

/**
 * Looks at a planned path inside `root` without following links out of it: a folder on the way that is
 * a link pointing outside (or nowhere), or is not a folder, makes the path unusable. A link or a special
 * file at the path itself is never read.
 */
export function inspectTarget(root: string, relPath: string): TargetState {
  const problem = folderChainProblem(root, relPath);
  if (problem === 'missing') return { kind: 'missing' };
  if (problem) return { kind: 'other', reason: problem };
  const full = pathBelow(root, relPath);
  const stats = look(full, relPath);
  if (stats === 'missing') return { kind: 'missing' };
  if (typeof stats === 'string') return { kind: 'other', reason: stats };
  if (stats.isSymbolicLink()) return { kind: 'link' };
  if (stats.isDirectory()) return { kind: 'other', reason: 'a folder is in the way' };
  if (!stats.isFile()) return { kind: 'other', reason: 'a special file (not a regular file) is in the way' };
  try {
    return { kind: 'file', content: readFileSync(full), mode: stats.mode & 0o7777 };
  } catch (error) {
    if (isDenied(error)) return { kind: 'other', reason: 'it cannot be read (permission denied)' };
    throw error;
  }
}

/**
 * Creates the folders of `relDir` below `root` one level at a time, never through a link that points
 * outside the project. Every folder it creates is appended to `created`, outermost first. Folders in
 * `usable` are taken as checked already; the ones made or found usable now are added to it.
 */
export function ensureFolders(root: string, relDir: string, created: string[], usable = new Set<string>()): void {
  if (relDir === '.' || relDir === '') return;
  assertPlannedPath(relDir);
  const realRoot = realRootOf(root);
  let current = root;
  for (const part of relDir.split('/')) {
    current = pathBelow(current, part);
    if (usable.has(current)) continue;
    // Made here, or found: mkdir never follows a link, and something already there is looked at.
    try {
      mkdirSync(current);
      created.push(current);
      usable.add(current);
    } catch (error) {
      // What is there decides; when nothing is, the folder could not be made.
      const problem = folderProblem(realRoot, root, current);
      if (problem === 'missing') throw error;
      if (problem) throw new UserError(`Cannot write into ${relative(root, current)}: ${problem}; create-agents never writes through it.`);
      usable.add(current);
    }
  }
}

/**
 * Creates `dir` and the folders above it that are missing; returns the ones it made, outermost first.
 * A walk up to the nearest thing that exists, then one mkdir per level: Node's recursive mkdir retries
 * forever where a parent answers ENOENT yet exists (procfs), and this walk is bounded by the path's length.
 */
export function ensureRoot(dir: string): string[] {
  const missing: string[] = [];
  for (let d = resolve(dir); !lstatOrNull(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  const made: string[] = [];
  for (const level of missing) {
    try {
      mkdirSync(level);
      made.push(level);
    } catch (error) {
      // Made by another run meanwhile: used, not reported as ours.
      if (codeOf(error) !== 'EEXIST' || !lstatOrNull(level)?.isDirectory()) throw error;
    }
  }
  return made;
}

/**
 * Whether every folder from `root` down to `path` is a real folder (no link swapped in meanwhile).
 * `seen` remembers the answer for each folder on the way, for a caller that asks about many folders
 * sharing their parents in one pass.
 */
export function isPlainFolderBelow(root: string, path: string, seen?: Map<string, boolean>): boolean {
  const rel = relative(root, path);
  if (!isInside(root, path)) return false;
  if (rel === '') return true;
  let current = root;
  for (const part of rel.split(sep)) {
    current = join(current, part);
    let plain = seen?.get(current);
    if (plain === undefined) {
      plain = lstatOrNull(current)?.isDirectory() === true;
      seen?.set(current, plain);
    }
    if (!plain) return false;
  }
  return true;
}
