/**
 * Termination signals, handled in one place. Before the write, a signal ends the run at once (nothing
 * has been written); while a write is in progress, the writer takes the signal instead, rolls back,
 * and ends the run itself; after it, the run ends at once and the written files stay.
 */
import { writeOut } from './terminal.js';

export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type SignalName = keyof typeof SIGNAL_EXIT_CODES;

let takeover: ((signal: SignalName) => void) | null = null;
let written = false;

export function installSignalHandlers(): void {
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as SignalName[]) {
    process.on(signal, () => {
      if (takeover) return takeover(signal);
      writeOut(2, written ? `\nInterrupted (${signal}) after the files were written; they are kept.\n` : `\nInterrupted (${signal}): nothing was written.\n`);
      process.exit(SIGNAL_EXIT_CODES[signal]);
    });
  }
}

/** Called by the writer once every file is in place. */
export function markWritten(): void {
  written = true;
}

/** While `fn` runs, signals go to `handler` instead of ending the process. */
export async function withSignalsDeferred<T>(handler: (signal: SignalName) => void, fn: () => Promise<T>): Promise<T> {
  const previous = takeover;
  takeover = handler;
  try {
    return await fn();
  } finally {
    takeover = previous;
  }
}
