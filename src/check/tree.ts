import { closeSync, constants, type Dirent, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kindOf } from '../write/read-regular.js';

/** The files of a project, on disk or rendered in memory, as the checks see them. */
export interface ProjectTree {
  /** Immediate children of a folder (relative path, POSIX; `.` is the root), or null when there is no such folder. */
  list(dir: string): Promise<{ files: string[]; folders: string[] } | null>;
  /** Every file below a folder, as paths relative to the project. */
  walk(dir: string): Promise<string[]>;
  /** A file's bytes, or null when it is missing or not a file. */
  read(path: string): Promise<Buffer | null>;
  /** What stands at `path` when it is there but is not a regular file (`a named pipe (FIFO)`), else null. */
  special?(path: string): string | null;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function walkWith(tree: ProjectTree, dir: string): Promise<string[]> {
  const entry = await tree.list(dir);
  if (!entry) return [];
  const nested = await Promise.all(entry.folders.map((f) => walkWith(tree, `${dir}/${f}`)));
  return [...entry.files.map((f) => `${dir}/${f}`), ...nested.flat()];
}

/** Whether a regular file is at `path` (following a link). */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** Opening never waits, even when a named pipe took the file's place meanwhile. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The bytes of a file, or null when it cannot be read. */
function readRegularFile(path: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch {
    return null;
  }
  try {
    return readFileSync(fd);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * A project folder on disk. Links to files are followed; links to folders are not (no cycles). Each
 * folder is listed once and each file read once per tree: the checks ask for some files twice.
 */
export function diskTree(root: string): ProjectTree {
  const listings = new Map<string, Dirent[] | null>();
  const contents = new Map<string, Buffer | null>();
  const entriesOf = (dir: string): Dirent[] | null => {
    let entries = listings.get(dir);
    if (entries === undefined) {
      try {
        entries = readdirSync(join(root, dir), { withFileTypes: true });
      } catch {
        entries = null;
      }
      listings.set(dir, entries);
    }
    return entries;
  };
  /** Whether `name` in `dir` is a regular file, from the folder's listing (a link is followed). */
  const isFileIn = (dir: string, e: Dirent) => e.isFile() || (e.isSymbolicLink() && isFile(join(root, dir, e.name)));
  const tree: ProjectTree = {
    async list(dir) {
      const entries = entriesOf(dir);
      if (!entries) return null;
      const files: string[] = [];
      const folders: string[] = [];
      for (const e of entries) {
        if (e.isDirectory()) folders.push(e.name);
        else if (isFileIn(dir, e)) files.push(e.name);
      }
      return { files: files.sort(byName), folders: folders.sort(byName) };
    },
    walk: (dir) => walkWith(tree, dir),
    special(path) {
      try {
        const stats = statSync(join(root, path), { throwIfNoEntry: false });
        return stats && !stats.isFile() ? kindOf(stats) : null;
      } catch {
        return null;
      }
    },
    // Small files read synchronously are much faster than a thousand queued async reads; only regular
    // files are read (a named pipe would block).
    read: async (path) => {
      let bytes = contents.get(path);
      if (bytes !== undefined) return bytes;
      const slash = path.lastIndexOf('/');
      const dir = slash === -1 ? '.' : path.slice(0, slash);
      const entry = entriesOf(dir)?.find((e) => e.name === path.slice(slash + 1));
      bytes = entry && isFileIn(dir, entry) ? readRegularFile(join(root, path)) : null;
      contents.set(path, bytes);
      return bytes;
    },
  };
  return tree;
}

/** Files rendered in memory (check --templates-dir). */
export function memoryTree(files: ReadonlyArray<{ path: string; content: string }>): ProjectTree {
  const contents = new Map(files.map((f) => [f.path, f.content]));
  const tree: ProjectTree = {
    async list(dir) {
      const prefix = dir === '.' ? '' : `${dir}/`;
      const names = new Set<string>();
      const folders = new Set<string>();
      for (const path of contents.keys()) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash === -1) names.add(rest);
        else folders.add(rest.slice(0, slash));
      }
      return names.size || folders.size ? { files: [...names].sort(byName), folders: [...folders].sort(byName) } : null;
    },
    walk: (dir) => walkWith(tree, dir),
    read: async (path) => (contents.has(path) ? Buffer.from(contents.get(path)!) : null),
  };
  return tree;
}
