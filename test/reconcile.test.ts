import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFile } from '../src/project-record.js';
import { apply, classify, countByStatus, type Entry, fileReport, recordedFiles, resolveConflicts } from '../src/reconcile/index.js';
import { mergeEdits } from '../src/update/merge-edits.js';
import { tempDir } from './helpers/cli.js';

/** A project folder holding `files`. */
function project(files: Record<string, string>) {
  const root = tempDir('reconcile-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
const statuses = (entries: Entry[]) => Object.fromEntries(entries.map((e) => [e.path, e.status]));

describe('reconcile', () => {
  const render = [
    { path: 'new.md', content: 'new\n' },
    { path: 'same.md', content: 'same\n' },
    { path: 'generated.md', content: 'v2\n' },
    { path: 'edited.md', content: 'v2\n' },
    { path: 'gone.md', content: 'v2\n' },
    { path: 'link.md', content: 'v2\n' },
  ];
  const record = [
    recordFile('same.md', 'same\n'),
    recordFile('generated.md', 'v1\n'),
    recordFile('edited.md', 'v1\n'),
    recordFile('gone.md', 'v1\n'),
    recordFile('old.md', 'v1\n'),
  ];

  it('classifies each file from the render, the record and the disk, in one vocabulary', async () => {
    const root = project({ 'same.md': 'same\n', 'generated.md': 'v1\n', 'edited.md': 'mine\n', 'old.md': 'v1\n' });
    symlinkSync(join(root, 'same.md'), join(root, 'link.md'));
    expect(statuses(await classify({ root, files: render, recorded: record }))).toEqual({
      'new.md': 'create',
      'same.md': 'unchanged',
      'generated.md': 'update',
      'edited.md': 'conflict',
      'gone.md': 'deleted',
      'link.md': 'blocked',
      'old.md': 'dropped',
    });
    // Without a record (create) nothing is known to be generated: a different file is a conflict.
    expect(statuses(await classify({ root, files: render }))).toMatchObject({ 'generated.md': 'conflict', 'gone.md': 'create' });
    // A scope leaves the other files out, dropped ones included.
    expect(Object.keys(statuses(await classify({ root, files: render, recorded: record, scope: (p) => p === 'new.md' })))).toEqual(['new.md']);
  });

  it('hands edited files to the command: update merges them', async () => {
    const root = project({ 'edited.md': 'mine\nv1\n' });
    const files = [{ path: 'edited.md', content: 'v2\n' }];
    const [merged] = await classify({ root, files, recorded: [recordFile('edited.md', 'v1\n')], edited: mergeEdits(new Map([['edited.md', 'v1\n']])) });
    expect(merged).toMatchObject({ status: 'conflict', conflicts: 1 });
    expect(merged!.content).toContain('<<<<<<< yours');
    expect(merged!.rendered).toBe('v2\n');
  });

  it('--force overwrites conflicts; the record holds the render, skipped files keep their record, dropped ones leave it', async () => {
    const root = project({ 'same.md': 'same\n', 'generated.md': 'v1\n', 'edited.md': 'mine\n', 'old.md': 'v1\n' });
    const entries = await classify({ root, files: render.filter((f) => f.path !== 'link.md'), recorded: record });
    await resolveConflicts(entries, { force: true, ask: false });
    expect(statuses(entries)['edited.md']).toBe('overwrite');
    expect(countByStatus(entries)).toMatchObject({ create: 1, unchanged: 1, update: 1, overwrite: 1, deleted: 1, dropped: 1, conflict: 0 });

    entries.find((e) => e.path === 'edited.md')!.status = 'skip';
    const files = recordedFiles(entries, [...record, recordFile('untouched.md', 'x\n')]);
    expect(files).toEqual([
      recordFile('new.md', 'new\n'),
      recordFile('same.md', 'same\n'),
      recordFile('generated.md', 'v2\n'),
      recordFile('edited.md', 'v1\n'),
      recordFile('gone.md', 'v2\n'),
      recordFile('untouched.md', 'x\n'),
    ]);
  });

  it('writes what the plan says, and nothing for a deleted or skipped file', async () => {
    const root = project({ 'generated.md': 'v1\n', 'edited.md': 'mine\n' });
    const entries = await classify({ root, files: render.filter((f) => f.path !== 'link.md' && f.path !== 'same.md'), recorded: record });
    await resolveConflicts(entries, { force: true, ask: false });
    await apply(root, entries);
    expect(readFileSync(join(root, 'new.md'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(root, 'generated.md'), 'utf8')).toBe('v2\n');
    expect(readFileSync(join(root, 'edited.md'), 'utf8')).toBe('v2\n');
    expect(() => readFileSync(join(root, 'gone.md'))).toThrow(/ENOENT/);
    expect(fileReport(entries).find((f) => f.path === 'gone.md')).toEqual({ path: 'gone.md', status: 'deleted', reason: 'you deleted it; it stays deleted' });
  });
});
