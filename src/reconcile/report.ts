import { type Output, paint } from '../output.js';
import { safeForTerminal } from '../terminal-text.js';
import { type Entry, STATUSES, type Status } from './status.js';

/** How many files have each status (every status, zeros included, so the shape never changes). */
export function countByStatus(entries: readonly Entry[]): Record<Status, number> {
  const counts = Object.fromEntries(Object.keys(STATUSES).map((s) => [s, 0])) as Record<Status, number>;
  for (const e of entries) counts[e.status]++;
  return counts;
}

/** The files as the JSON report lists them. */
export function fileReport(entries: readonly Entry[]) {
  return entries.map((e) => ({
    path: e.path,
    status: e.status,
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.conflicts ? { conflicts: e.conflicts } : {}),
    ...(e.twoWay ? { twoWay: true } : {}),
  }));
}

function detail(e: Entry): string | undefined {
  if (e.status === 'conflict' && e.conflicts) return `${e.conflicts} overlapping change(s) marked${e.twoWay ? ', no base: two-way' : ''}`;
  return e.reason;
}

/** One line per file, `hide` left out (the quiet statuses, unless --verbose). */
export function printEntries(output: Output, entries: readonly Entry[], hide: ReadonlySet<Status> = new Set()): void {
  for (const e of entries) {
    if (hide.has(e.status)) continue;
    const { label, style } = STATUSES[e.status];
    const why = detail(e);
    output.out(`  ${paint(output, style, label.padEnd(10))} ${safeForTerminal(e.path)}${why ? `  (${safeForTerminal(why)})` : ''}`);
  }
}

/** Statuses a report shows only with --verbose: nothing to do for them. */
export const QUIET: ReadonlySet<Status> = new Set(['unchanged', 'kept']);

/** What to do about files create and add found blocked (they write nothing then). */
export function blockedAdvice(count: number): string {
  return `${count} path${count > 1 ? 's are' : ' is'} blocked by a link, a folder or a special file, never written through: move ${count > 1 ? 'them' : 'it'} aside and run again.`;
}
