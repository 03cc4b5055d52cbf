/**
 * Termination signals, handled in one place. Normally a signal ends the run at once (nothing has
 * been written yet); while a write is in progress, the writer takes the signal instead, rolls back,
 * and ends the run itself.
 */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type SignalName = keyof typeof SIGNAL_EXIT_CODES;

let takeover: ((signal: SignalName) => void) | null = null;

export function installSignalHandlers(): void {
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as SignalName[]) {
    process.on(signal, () => {
      if (takeover) return takeover(signal);
      process.stderr.write(`\nInterrupted (${signal}): nothing was written.\n`);
      process.exit(SIGNAL_EXIT_CODES[signal]);
    });
  }
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
