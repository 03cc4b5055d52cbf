import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { matchesRecord, type RecordedFile, recordsByPath } from '../project-record.js';
import type { PlannedFile } from '../render/render.js';
import { inspectTarget, type TargetState } from '../write/inspect.js';
import { waitForUnlocked } from '../write/lock.js';
import { mergeJson, mergesJson } from './json-merge.js';
import { appendMissingLines } from './lines.js';
import type { Entry, Status } from './status.js';

/** A file on disk that is neither the render nor what was generated: you (or someone) edited it. */
export interface EditedFile {
  path: string;
  rendered: string;
  current: Buffer;
  /** Whether the record lists it (it was generated, then edited). */
  recorded: boolean;
}

/** How a command reconciles an edited file: a conflict by default, a merge for update. */
export type EditedRule = (file: EditedFile) => Partial<Entry> & { status: Status };

export const conflictWhenEdited: EditedRule = (file) => ({
  status: 'conflict',
  reason: file.recorded ? 'you edited it since it was generated' : 'exists with different content',
});

export interface PlanInput {
  root: string;
  /** The whole render. */
  files: readonly PlannedFile[];
  /** The files generated before, from the record; none for create, which compares with the disk only. */
  recorded?: readonly RecordedFile[];
  /** The files this run is about (add: those the new team member changes); default: all. */
  scope?: (path: string) => boolean;
  edited?: EditedRule;
  /** What was generated before, by path, where known (update): a JSON merge is then three-way. */
  bases?: ReadonlyMap<string, string>;
}

/** A JSON file of rules you have (.claude/settings.json): the render's rules merged into yours. */
function jsonEntry(
  root: string,
  file: PlannedFile,
  current: Buffer,
  record: RecordedFile | undefined,
  base: string | undefined,
): Partial<Entry> & { status: Status } {
  const text = current.toString('utf8');
  const { content, yoursWins } = mergeJson(join(root, file.path), text, file.content, base);
  const notes = [
    ...(yoursWins.length ? [`where yours lists a rule elsewhere, yours stands: ${yoursWins.join(', ')}`] : []),
    // Generated before, but what it was cannot be rendered now: a rule of ours you removed comes back.
    ...(record && base === undefined ? ['no base: the rules of both are kept'] : []),
  ];
  const note = notes.map((n) => `; ${n}`).join('');
  return content === text
    ? { status: 'kept', reason: `holds every rule of the template that you did not remove${note}` }
    : { status: 'merged', content, reason: `the template's rules merged into yours${note}` };
}

function entryFor(root: string, file: PlannedFile, state: TargetState, record: RecordedFile | undefined, edited: EditedRule, base: string | undefined): Entry {
  const entry = { path: file.path, rendered: file.content, content: file.content };
  switch (state.kind) {
    case 'missing':
      return record ? { ...entry, status: 'deleted', reason: 'you deleted it; it stays deleted' } : { ...entry, status: 'create' };
    case 'link':
      return { ...entry, status: 'blocked', reason: 'is a symbolic link (never written through)' };
    case 'other':
      return { ...entry, status: 'blocked', reason: state.reason };
    case 'file': {
      const disk = { ...entry, current: state.content, mode: state.mode };
      if (state.content.equals(Buffer.from(file.content))) return { ...disk, status: 'unchanged' };
      const appended = appendMissingLines(file.path, state.content, file.content);
      if (appended !== null) {
        return appended === state.content.toString('utf8')
          ? { ...disk, status: 'kept', reason: 'has every line of the template' }
          : { ...disk, content: appended, status: 'appended', reason: "the template's missing lines added; yours kept" };
      }
      if (matchesRecord(record, state.content)) return { ...disk, status: 'update' };
      if (mergesJson(file.path)) return { ...disk, ...jsonEntry(root, file, state.content, record, base) };
      return { ...disk, ...edited({ path: file.path, rendered: file.content, current: state.content, recorded: record !== undefined }) };
    }
  }
}

/**
 * Compares the render with the record and the disk, file by file. While another run is writing to the
 * folder, it waits for it first (or stops with a message naming the lock file), so that a plan is never
 * made from a half-written folder. Recorded files the render no longer has are reported as dropped.
 */
export async function classify({ root, files, recorded = [], scope = () => true, edited = conflictWhenEdited, bases }: PlanInput): Promise<Entry[]> {
  const records = recordsByPath({ files: [...recorded] });
  const rendered = new Set(files.map((f) => f.path));
  const inScope = files.filter((f) => scope(f.path));
  // Into a folder that does not exist every file is created (the writer checks each path again).
  const onDisk = existsSync(root);
  if (onDisk) await waitForUnlocked(root);
  const entries = inScope.map((file) =>
    entryFor(root, file, onDisk ? inspectTarget(root, file.path) : { kind: 'missing' }, records.get(file.path), edited, bases?.get(file.path)),
  );
  for (const { path } of recorded) {
    if (!rendered.has(path) && scope(path))
      entries.push({ path, status: 'dropped', rendered: '', content: '', reason: 'no longer rendered (templates or answers changed); left in place' });
  }
  return entries;
}
