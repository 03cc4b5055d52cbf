import { existsSync } from 'node:fs';
import type { PlannedFile } from './render/render.js';
import { inspectTarget, type TargetState } from './write/inspect.js';
import { waitForUnlocked } from './write/lock.js';

export type FileStatus = 'create' | 'unchanged' | 'conflict' | 'overwrite' | 'skip';

export interface PlanEntry extends PlannedFile {
  status: FileStatus;
  /** Why a conflict is one. */
  reason?: string;
  /** Whether --force or a person may overwrite it (a different file: yes; a link or a folder: no). */
  overwritable?: boolean;
  /** The file as it is now, when there is one. */
  current?: Buffer;
  mode?: number;
}

function entryFor(file: PlannedFile, state: TargetState): PlanEntry {
  switch (state.kind) {
    case 'missing':
      return { ...file, status: 'create' };
    case 'file':
      return Buffer.from(file.content).equals(state.content)
        ? { ...file, status: 'unchanged', current: state.content, mode: state.mode }
        : { ...file, status: 'conflict', reason: 'exists with different content', overwritable: true, current: state.content, mode: state.mode };
    case 'link':
      return { ...file, status: 'conflict', reason: 'is a symbolic link (create-agents never writes through links)', overwritable: false };
    case 'other':
      return { ...file, status: 'conflict', reason: state.reason, overwritable: false };
  }
}

/**
 * Compares the plan with what is on disk: each file is created, unchanged, or a conflict. While another
 * run is writing to the folder, it waits for it first (or stops with a message naming the lock file), so
 * that a plan is never made from a half-written folder. Into a folder that does not exist, every file is
 * created (the writer checks each path again as it puts the file in place).
 */
export async function classify(root: string, files: readonly PlannedFile[]): Promise<PlanEntry[]> {
  if (!existsSync(root)) return files.map((file) => ({ ...file, status: 'create' }));
  await waitForUnlocked(root);
  return files.map((file) => entryFor(file, inspectTarget(root, file.path)));
}

export function countByStatus(entries: readonly PlanEntry[]): Record<FileStatus, number> {
  const counts = { create: 0, unchanged: 0, conflict: 0, overwrite: 0, skip: 0 };
  for (const e of entries) counts[e.status]++;
  return counts;
}
