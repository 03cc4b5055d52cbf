import type { Style } from '../output.js';

/** What a run does with one file: the same words in the report of create, add and update. */
export type Status =
  | 'create' // not on disk: written
  | 'update' // on disk as it was generated (the record's hash): replaced by the new render
  | 'overwrite' // your different content replaced by the render (--force, or chosen at the prompt)
  | 'merged' // your edits and the template changes merged cleanly (update), or the template's rules merged into your settings.json
  | 'appended' // a file of lines (.gitignore, .env.example): the template's missing lines added, yours kept
  | 'conflict' // your content and the render disagree: create and add write nothing; update writes markers
  | 'blocked' // a link, a folder or binary content is in the way: never written
  | 'skip' // you chose to keep your file at the prompt
  | 'kept' // your edits kept, and the new render brings nothing more (update)
  | 'unchanged' // already what the render says
  | 'deleted' // recorded as generated but gone from disk: stays deleted
  | 'dropped'; // recorded as generated but no longer rendered: left in place, out of the record

/**
 * What the record holds for a file after the run: the hash of the render (so the next run sees your
 * edits as edits), of what was written (lines appended: the next run appends again, never replaces),
 * what it held before (a file you kept at the prompt), or nothing (dropped files).
 */
type Recorded = 'render' | 'written' | 'previous' | 'none';

interface StatusFacts {
  label: string;
  style: Style;
  /** Whether the run writes `content` to the file. */
  writes: boolean;
  recorded: Recorded;
  /** Whether it makes the run fail (exit 1). */
  problem: boolean;
}

export const STATUSES: Record<Status, StatusFacts> = {
  create: { label: 'create', style: 'green', writes: true, recorded: 'render', problem: false },
  update: { label: 'update', style: 'green', writes: true, recorded: 'render', problem: false },
  overwrite: { label: 'overwrite', style: 'yellow', writes: true, recorded: 'render', problem: false },
  merged: { label: 'merged', style: 'green', writes: true, recorded: 'render', problem: false },
  appended: { label: 'appended', style: 'green', writes: true, recorded: 'written', problem: false },
  // Written only by update, as the merge with markers; create and add stop before writing anything.
  conflict: { label: 'CONFLICT', style: 'red', writes: true, recorded: 'render', problem: true },
  blocked: { label: 'BLOCKED', style: 'red', writes: false, recorded: 'render', problem: true },
  skip: { label: 'skip', style: 'dim', writes: false, recorded: 'previous', problem: false },
  kept: { label: 'kept', style: 'dim', writes: false, recorded: 'render', problem: false },
  unchanged: { label: 'unchanged', style: 'dim', writes: false, recorded: 'render', problem: false },
  deleted: { label: 'deleted', style: 'yellow', writes: false, recorded: 'render', problem: false },
  dropped: { label: 'dropped', style: 'yellow', writes: false, recorded: 'none', problem: false },
};

/** One file of a run: the render, what is on disk, and what the run does with it. */
export interface Entry {
  path: string;
  status: Status;
  /** The render (its hash goes into the record); empty for a dropped file. */
  rendered: string;
  /** What the run writes: the render, or a merge of it with your edits. */
  content: string;
  /** The file as it is on disk, when it is a file. */
  current?: Buffer;
  mode?: number;
  reason?: string;
  /** Overlapping changes written between markers. */
  conflicts?: number;
  /** Merged without a base: every difference is marked. */
  twoWay?: boolean;
}

export const problemsOf = (entries: readonly Entry[]) => entries.filter((e) => STATUSES[e.status].problem);
export const writesAny = (entries: readonly Entry[]) => entries.some((e) => STATUSES[e.status].writes);
