import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TEMP } from '../write/leftovers.js';

/**
 * A repair's temporary file lives for milliseconds; one this old was left by a lint --fix (or a
 * writer) that was killed. Younger ones may belong to a run still going, and are left alone.
 */
const STALE_MS = 60_000;

/** Removes the stale temporary files next to `files`; returns their paths. */
export function removeStaleTemps(files: readonly string[], now = Date.now()): string[] {
  const removed: string[] = [];
  for (const dir of new Set(files.map((f) => dirname(f)))) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => TEMP.test(n))) {
      const path = join(dir, name);
      try {
        const stats = statSync(path);
        if (!stats.isFile() || now - stats.mtimeMs < STALE_MS) continue;
        unlinkSync(path);
        removed.push(path);
      } catch {
        // Gone meanwhile, or not ours to remove.
      }
    }
  }
  return removed;
}
