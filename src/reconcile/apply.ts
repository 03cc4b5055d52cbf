import { type WriteOp, writeAll } from '../write/transaction.js';
import { type Entry, STATUSES } from './status.js';

/** The writes a plan makes; each names the bytes it expects at its path, checked again under the lock. */
export function writeOps(entries: readonly Entry[]): WriteOp[] {
  return entries.filter((e) => STATUSES[e.status].writes).map((e) => ({ path: e.path, content: e.content, expected: e.current ?? null, mode: e.mode }));
}

/**
 * Writes the plan, all or nothing. A file another run had already written the same way is reported
 * unchanged; a conflict stays a conflict, since its markers still wait for you.
 */
export async function apply(root: string, entries: Entry[]): Promise<void> {
  const ops = writeOps(entries);
  if (!ops.length) return;
  const { unchanged } = await writeAll(root, ops);
  const same = new Set(unchanged);
  for (const entry of entries) if (same.has(entry.path) && entry.status !== 'conflict') entry.status = 'unchanged';
}
