import { lstat, mkdir, readFile, readlink, realpath, stat } from './fs.js';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';

/** What is on disk where a planned file would go. */
export type TargetState =
  | { kind: 'missing' }
  | { kind: 'file'; content: Buffer; mode: number }
  | { kind: 'link' }
  | { kind: 'other'; reason: string };

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? '';
const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes(codeOf(error));
const isDenied = (error: unknown) => ['EACCES', 'EPERM'].includes(codeOf(error));

/**
 * The real path of `path`: links resolved, dangling ones included (to where they point), and the part
 * that does not exist kept as written.
 */
export async function realPathOf(path: string, depth = 0): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch (error) {
    if (!isMissing(error) || depth > 40) throw error;
    const stats = await lstat(absolute).catch(() => null);
    if (stats?.isSymbolicLink()) return realPathOf(resolve(dirname(absolute), await readlink(absolute)), depth + 1);
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await realPathOf(parent, depth + 1), absolute.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
  }
}

/**
 * The real path of a project folder, looked up once per process: every planned file asks for it, and
 * the folders above the project are not the run's to change.
 */
const realRoots = new Map<string, Promise<string>>();
function realRootOf(root: string): Promise<string> {
  const key = resolve(root);
  let real = realRoots.get(key);
  if (!real) {
    real = realPathOf(key);
    realRoots.set(key, real);
    real.catch(() => realRoots.delete(key));
  }
  return real;
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** A planned path must stay below the project folder: relative, no `..`, no empty or `.` parts. */
export function assertPlannedPath(relPath: string): void {
  const parts = relPath.split('/');
  if (isAbsolute(relPath) || relPath.includes('\\') || relPath.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new UserError(`Refusing to write "${relPath}": a planned path must be relative and stay inside the project folder.`);
  }
}

/**
 * Checks a folder on the way to a planned file: a real folder, or a link to a folder inside the project.
 * Returns a reason when it cannot be used, null when it can, 'missing' when nothing is there.
 */
async function folderProblem(realRoot: string, root: string, path: string): Promise<string | null | 'missing'> {
  const rel = relative(root, path);
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if (isMissing(error)) return 'missing';
    if (isDenied(error)) return `${rel} cannot be read (permission denied)`;
    throw error;
  }
  if (stats.isDirectory()) return null;
  if (!stats.isSymbolicLink()) return `${rel} is not a folder`;
  let target: string;
  try {
    target = await realPathOf(path);
  } catch (error) {
    if (codeOf(error) === 'ELOOP') return `${rel} is a link that loops`;
    throw error;
  }
  if (!isInside(realRoot, target)) return `${rel} is a link to ${target}, outside the project folder`;
  const targetStats = await stat(path).catch(() => null);
  if (!targetStats) return `${rel} is a link to ${target}, which does not exist`;
  return targetStats.isDirectory() ? null : `${rel} is a link to something that is not a folder`;
}

/**
 * Looks at a planned path inside `root` without following links out of it: a folder on the way that is
 * a link pointing outside (or nowhere), or is not a folder, makes the path unusable. A link or a special
 * file at the path itself is never read.
 */
export async function inspectTarget(root: string, relPath: string): Promise<TargetState> {
  assertPlannedPath(relPath);
  const realRoot = await realRootOf(root);
  const parts = relPath.split('/');
  let current = root;
  for (const part of parts.slice(0, -1)) {
    current = join(current, part);
    const problem = await folderProblem(realRoot, root, current);
    if (problem === 'missing') return { kind: 'missing' };
    if (problem) return { kind: 'other', reason: problem };
  }
  const full = join(root, relPath);
  let stats;
  try {
    stats = await lstat(full);
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing' };
    if (isDenied(error)) return { kind: 'other', reason: `${relPath} cannot be read (permission denied)` };
    throw error;
  }
  if (stats.isSymbolicLink()) return { kind: 'link' };
  if (stats.isDirectory()) return { kind: 'other', reason: 'a folder is in the way' };
  if (!stats.isFile()) return { kind: 'other', reason: 'a special file (not a regular file) is in the way' };
  try {
    return { kind: 'file', content: await readFile(full), mode: stats.mode & 0o7777 };
  } catch (error) {
    if (isDenied(error)) return { kind: 'other', reason: 'it cannot be read (permission denied)' };
    throw error;
  }
}

/**
 * Creates the folders of `relDir` below `root` one level at a time, never through a link that points
 * outside the project. Every folder it creates is appended to `created`, outermost first.
 */
export async function ensureFolders(root: string, relDir: string, created: string[]): Promise<void> {
  if (relDir === '.' || relDir === '') return;
  const realRoot = await realRootOf(root);
  let current = root;
  for (const part of relDir.split('/')) {
    current = join(current, part);
    let problem = await folderProblem(realRoot, root, current);
    if (problem === 'missing') {
      try {
        await mkdir(current);
        created.push(current);
        continue;
      } catch (error) {
        if (codeOf(error) !== 'EEXIST') throw error;
        problem = await folderProblem(realRoot, root, current);
      }
    }
    if (problem) throw new UserError(`Cannot write into ${relative(root, current)}: ${problem}; create-agents never writes through it.`);
  }
}

/** Creates `dir` and the folders above it that are missing; returns the ones it made, outermost first. */
export async function ensureRoot(dir: string): Promise<string[]> {
  const made = await mkdir(dir, { recursive: true });
  if (!made) return [];
  const levels: string[] = [];
  for (let d = resolve(dir); d.length >= made.length; d = dirname(d)) levels.unshift(d);
  return levels;
}

/** Whether every folder from `root` down to `path` is a real folder (no link swapped in meanwhile). */
export async function isPlainFolderBelow(root: string, path: string): Promise<boolean> {
  const rel = relative(root, path);
  if (!isInside(root, path)) return false;
  if (rel === '') return true;
  let current = root;
  for (const part of rel.split(sep)) {
    current = join(current, part);
    const stats = await lstat(current).catch(() => null);
    if (!stats || !stats.isDirectory()) return false;
  }
  return true;
}
