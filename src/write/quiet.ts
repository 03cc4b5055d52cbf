/** File calls whose failure changes nothing for the caller: clean-up, and looks that may find nothing. */
import { lstatSync, type Stats } from 'node:fs';

/** Runs the call; whether it worked. */
export function quietly(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

/** What is at `path` now, without following a link; null when nothing (or it cannot be looked at). */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}
