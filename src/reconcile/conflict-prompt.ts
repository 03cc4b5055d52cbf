import { lineDiff } from '../diff.js';
import { InterruptedError } from '../errors.js';
import { safeForTerminal } from '../terminal-text.js';
import type { Entry } from './status.js';

/** Asks what to do with one conflicting file: overwrite, skip, or look at the diff first. */
export async function askConflict(entry: Entry): Promise<'overwrite' | 'skip'> {
  const { default: select } = await import('@inquirer/select');
  for (;;) {
    let choice: string;
    try {
      choice = await select({
        message: `${safeForTerminal(entry.path)} exists with different content`,
        choices: [
          { value: 'skip', name: 'Skip: keep your file' },
          { value: 'overwrite', name: 'Overwrite it with the template' },
          { value: 'diff', name: 'Show the differences' },
        ],
      });
    } catch (error) {
      if ((error as Error)?.name === 'ExitPromptError') throw new InterruptedError();
      throw error;
    }
    if (choice !== 'diff') return choice as 'overwrite' | 'skip';
    process.stdout.write(
      `--- ${safeForTerminal(entry.path)} (yours)\n+++ ${safeForTerminal(entry.path)} (template)\n${lineDiff(entry.current?.toString('utf8') ?? '', entry.content)}\n`,
    );
  }
}
