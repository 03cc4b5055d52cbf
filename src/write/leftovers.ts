import { lstatSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { join, posix } from 'node:path';
import { codeOf } from './failure.js';
import { isPlainFolderBelow, pathBelow } from './inspect.js';

/**
 * A file a run moved aside while replacing it (`.<name>.<hex>.create-agents`): the earlier content of
 * `<name>`, yours, kept until the run ends. One still there after the run was killed is all that is
 * left of that content when `<name>` is gone.
 */
export const ASIDE = /^\.(.+)\.[0-9a-f]{8}\.create-agents$/;
/** A new file a run wrote before renaming it into place (`.<name>.<hex>.create-agents-tmp`). */
export const TEMP = /^\.(.+)\.[0-9a-f]{8}\.create-agents-tmp$/;

export interface Recovery {
  /** Project paths whose content was missing and was put back from an aside. */
  restored: string[];
  /** Temporary files removed (project paths). */
  removed: string[];
  /** Asides kept: the path has content again, so which one is wanted is for the person to say. */
  kept: Array<{ aside: string; of: string }>;
}

/**
 * Cleans up after a run that was killed (SIGKILL, a crash, a power cut) in the folders `dirs` (project
 * paths, POSIX): a file moved aside whose path is empty is put back, and temporary files are removed.
 * Called under the lock, so no live run owns what it finds.
 */
export function recoverLeftovers(root: string, dirs: Iterable<string>): Recovery {
  const recovery: Recovery = { restored: [], removed: [], kept: [] };
  // The plan's folders share most of their parents: each is looked at once.
  const seen = new Map<string, boolean>();
  for (const dir of new Set(dirs)) {
    const abs = dir === '.' || dir === '' ? root : pathBelow(root, dir);
    // Only real folders of the project: a link swapped in for one is never followed.
    if (!isPlainFolderBelow(root, abs, seen)) continue;
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') continue;
      throw error;
    }
    const rel = (name: string) => (dir === '.' || dir === '' ? name : posix.join(dir, name));
    for (const name of names) {
      const temp = TEMP.exec(name);
      if (temp) {
        unlinkSync(join(abs, name));
        recovery.removed.push(rel(name));
        continue;
      }
      const aside = ASIDE.exec(name);
      if (!aside || !lstatSync(join(abs, name)).isFile()) continue;
      const original = join(abs, aside[1]!);
      if (lstatSync(original, { throwIfNoEntry: false })) recovery.kept.push({ aside: rel(name), of: rel(aside[1]!) });
      else {
        renameSync(join(abs, name), original);
        recovery.restored.push(rel(aside[1]!));
      }
    }
  }
  return recovery;
}
