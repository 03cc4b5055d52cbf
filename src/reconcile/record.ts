import { usageError } from '../errors.js';
import { type ProjectRecord, RECORD_FILE, type RecordedFile, recordFile, recordsByPath, recordText } from '../project-record.js';
import { classify } from './classify.js';
import { type Entry, STATUSES } from './status.js';

/**
 * The files of the new record: each planned file as its status says (the hash of the render or of what
 * was written, what was recorded before, or nothing); files the run did not plan keep their record (add plans only the files
 * the new member changes).
 */
export function recordedFiles(entries: readonly Entry[], previous: readonly RecordedFile[] = []): RecordedFile[] {
  const before = recordsByPath({ files: [...previous] });
  const files: RecordedFile[] = [];
  for (const entry of entries) {
    const how = STATUSES[entry.status].recorded;
    if (how === 'render') files.push(recordFile(entry.path, entry.rendered));
    else if (how === 'written') files.push(recordFile(entry.path, entry.content));
    else if (how === 'previous' && before.has(entry.path)) files.push(before.get(entry.path)!);
  }
  const planned = new Set(entries.map((e) => e.path));
  return [...files, ...previous.filter((f) => !planned.has(f.path))];
}

/** The record as a file of the run: it is always create-agents' own, so a different one is updated. */
export async function recordEntry(root: string, record: ProjectRecord): Promise<Entry> {
  const [entry] = await classify({ root, files: [{ path: RECORD_FILE, content: recordText(record) }], edited: () => ({ status: 'update' }) });
  return entry!;
}

/**
 * The record of a project that add or update opened, to rewrite. They read it at the start, so when it
 * is gone now, or something else stands in its place, another program changed the project meanwhile.
 */
export async function recordToRewrite(root: string, record: ProjectRecord, command: string): Promise<Entry> {
  const entry = await recordEntry(root, record);
  if (entry.status === 'create' || entry.status === 'blocked')
    throw usageError(`${RECORD_FILE} in ${root} changed while ${command} was running.`, `Run ${command} again.`);
  return entry;
}
