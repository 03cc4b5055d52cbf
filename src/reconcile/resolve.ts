import type { Entry } from './status.js';

/**
 * Settles the conflicts create and add stop on: --force overwrites each, a person at a terminal is
 * asked file by file (overwrite, skip, or see the diff first); otherwise they stay conflicts.
 */
export async function resolveConflicts(entries: Entry[], how: { force: boolean; ask: boolean }): Promise<void> {
  for (const entry of entries) {
    if (entry.status !== 'conflict') continue;
    if (how.force) Object.assign(entry, { status: 'overwrite', reason: 'forced: your content is replaced' });
    else if (how.ask) {
      const choice = await (await import('./conflict-prompt.js')).askConflict(entry);
      Object.assign(entry, { status: choice, reason: choice === 'skip' ? 'you kept your file' : 'you chose the template' });
    }
  }
}
