import { matchesRecord, recordsByPath, type RecordedFile } from '../manifest.js';
import type { PlannedFile } from '../render/render.js';
import { inspectTarget } from '../write/inspect.js';
import { mergeThree, mergeTwo } from './merge.js';

export type UpdateStatus =
  | 'create' // new in the templates
  | 'update' // you never edited it: replaced
  | 'merged' // you edited it; the template changes were merged in cleanly
  | 'conflict' // overlapping changes, written with markers
  | 'blocked' // a link or a folder is in the way: not written
  | 'kept' // you edited it and the templates did not change it
  | 'unchanged'
  | 'deleted' // you deleted it: stays deleted
  | 'dropped'; // the templates no longer have it: left in place

export interface UpdateEntry {
  path: string;
  status: UpdateStatus;
  /** What to write, for create, update, merged and conflict. */
  content?: string;
  /** The new render (recorded in the manifest). */
  rendered?: string;
  current?: Buffer;
  mode?: number;
  reason?: string;
  conflicts?: number;
  /** Merged without a base: every difference is marked. */
  twoWay?: boolean;
}

/**
 * Decides, file by file, how the new render reaches the project: replace what you never edited, merge
 * what you edited (three ways when the base is known, else two), leave deleted files deleted and
 * report files the templates dropped.
 */
export async function planUpdate(
  root: string,
  rendered: readonly PlannedFile[],
  recorded: readonly RecordedFile[],
  bases: ReadonlyMap<string, string>,
): Promise<UpdateEntry[]> {
  const hashes = recordsByPath({ files: [...recorded] });
  const entries: UpdateEntry[] = [];
  for (const file of rendered) {
    const theirs = file.content;
    const state = await inspectTarget(root, file.path);
    const entry = (status: UpdateStatus, extra: Partial<UpdateEntry> = {}) => entries.push({ path: file.path, status, rendered: theirs, ...extra });
    if (state.kind === 'missing') {
      if (hashes.has(file.path)) entry('deleted', { reason: 'you deleted it; it stays deleted' });
      else entry('create', { content: theirs });
      continue;
    }
    if (state.kind !== 'file') {
      entry('blocked', { reason: state.kind === 'link' ? 'is a symbolic link (never written through)' : state.reason });
      continue;
    }
    // A checkout that turned LF into CRLF (git on Windows) is merged as LF and written back as CRLF.
    const raw = state.content.toString('utf8');
    const crlf = raw.includes('\r\n') && !theirs.includes('\r\n');
    const ours = crlf ? raw.replaceAll('\r\n', '\n') : raw;
    const back = (text: string) => (crlf ? text.replaceAll('\r\n', '\n').replaceAll('\n', '\r\n') : text);
    const disk = { current: state.content, mode: state.mode };
    if (ours === theirs) entry('unchanged', disk);
    else if (matchesRecord(hashes.get(file.path), state.content)) entry('update', { ...disk, content: theirs });
    else if (state.content.includes(0)) entry('blocked', { ...disk, reason: 'binary content where the templates have text; replace or delete it yourself' });
    else {
      const base = bases.get(file.path);
      if (base === theirs) {
        entry('kept', { ...disk, reason: 'your edits; the templates did not change it' });
        continue;
      }
      const merge = base === undefined ? mergeTwo(ours, theirs) : mergeThree(ours, base, theirs);
      const twoWay = base === undefined ? { twoWay: true } : {};
      if (merge.conflicts) entry('conflict', { ...disk, ...twoWay, content: back(merge.content), conflicts: merge.conflicts });
      else if (merge.content === ours) entry('kept', { ...disk, ...twoWay, reason: 'your edits already hold the template changes' });
      else entry('merged', { ...disk, content: back(merge.content) });
    }
  }
  const now = new Set(rendered.map((f) => f.path));
  for (const { path } of recorded) if (!now.has(path)) entries.push({ path, status: 'dropped', reason: 'no longer in the templates; left in place' });
  return entries;
}
