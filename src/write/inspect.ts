import { lstat, readFile, realpath } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';

/** What is on disk where a planned file would go. */
export type TargetState =
  | { kind: 'missing' }
  | { kind: 'file'; content: Buffer; mode: number }
  | { kind: 'link' }
  | { kind: 'other'; reason: string };

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/** The real path of `path`, resolving the part that exists and keeping the rest as written. */
export async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch (error) {
    if (!isMissing(error)) throw error;
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await realPathOf(parent), absolute.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Looks at a planned path inside `root` without following links out of it: a folder on the way that is
 * a link pointing outside, or is not a folder, makes the path unusable.
 */
export async function inspectTarget(root: string, relPath: string): Promise<TargetState> {
  const parts = relPath.split('/');
  let current = root;
  for (const part of parts.slice(0, -1)) {
    current = join(current, part);
    let stats;
    try {
      stats = await lstat(current);
    } catch (error) {
      if (isMissing(error)) return { kind: 'missing' };
      throw error;
    }
    if (stats.isSymbolicLink()) {
      const target = await realPathOf(current);
      if (!isInside(root, target)) return { kind: 'other', reason: `${relative(root, current)} is a link to ${target}, outside the project folder` };
      const targetStats = await lstat(target).catch(() => null);
      if (!targetStats) return { kind: 'missing' };
      if (!targetStats.isDirectory()) return { kind: 'other', reason: `${relative(root, current)} is not a folder` };
    } else if (!stats.isDirectory()) {
      return { kind: 'other', reason: `${relative(root, current)} is not a folder` };
    }
  }
  const full = join(root, relPath);
  let stats;
  try {
    stats = await lstat(full);
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing' };
    throw error;
  }
  if (stats.isSymbolicLink()) return { kind: 'link' };
  if (stats.isDirectory()) return { kind: 'other', reason: 'a folder is in the way' };
  if (!stats.isFile()) return { kind: 'other', reason: 'a special file (not a regular file) is in the way' };
  return { kind: 'file', content: await readFile(full), mode: stats.mode & 0o7777 };
}
