import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** One entry of a folder tree, as `snapshotTree` records it. */
export interface TreeEntry {
  path: string;
  type: 'file' | 'folder' | 'link' | 'fifo' | 'other';
  mode: string;
  /** SHA-256 and size of a file's bytes. */
  content?: string;
  /** Where a symbolic link points, as written. */
  target?: string;
}

/**
 * Everything about a folder that a run could change: every path below it (links not followed), its
 * type, mode, bytes and link target. Modification times are left out. `null` when the folder is missing.
 */
/** A project path with a migration's version taken out: versions come from the clock of each run. */
export function withoutMigrationVersion(path: string): string {
  return path.replace(/^(.*supabase\/migrations\/)\d{14}_/, '$1');
}

export function snapshotTree(root: string): TreeEntry[] | null {
  const entries: TreeEntry[] = [];
  const visit = (path: string, rel: string): void => {
    const stats = lstatSync(path);
    const mode = (stats.mode & 0o7777).toString(8);
    if (stats.isSymbolicLink()) entries.push({ path: rel, type: 'link', mode, target: readlinkSync(path) });
    else if (stats.isFile()) {
      // Migration versions come from the clock: two runs are compared without them.
      const raw = readFileSync(path);
      const bytes = rel.endsWith('.create-agents.json') ? Buffer.from(raw.toString('utf8').replace(/\b\d{14}_/g, '')) : raw;
      entries.push({ path: rel, type: 'file', mode, content: `${bytes.length}:${createHash('sha256').update(bytes).digest('hex')}` });
    } else if (stats.isDirectory()) {
      entries.push({ path: rel, type: 'folder', mode });
      for (const name of readdirSync(path).sort()) visit(join(path, name), withoutMigrationVersion(rel ? `${rel}/${name}` : name));
    } else entries.push({ path: rel, type: stats.isFIFO() ? 'fifo' : 'other', mode });
  };
  try {
    lstatSync(root);
  } catch {
    return null;
  }
  visit(root, '');
  return entries;
}

/** Paths in a tree that look like what a run leaves behind when it does not clean up. */
export function leftovers(tree: TreeEntry[] | null): string[] {
  return (tree ?? []).map((e) => e.path).filter((p) => /create-agents(-staging|\.lock|\.[0-9a-f]+\.create-agents)|\.create-agents$|\.stale-/.test(p));
}
