import { InterruptedError } from './errors.js';
import { SIGNAL_EXIT_CODES, type SignalName, withSignalsDeferred } from './signals.js';

/** What `interruptible` needs of a started program: execa's result is one. */
export interface Running<T> extends PromiseLike<T> {
  kill(signal?: NodeJS.Signals): boolean;
}

/**
 * Waits for a program this run started. A signal meanwhile stops the program (SIGTERM; execa
 * follows with SIGKILL if it lingers) and, once it has ended, throws an InterruptedError with the
 * signal's exit code, so that the caller's `finally` blocks still tidy up before the run ends.
 */
export async function interruptible<T>(child: Running<T>, during: string): Promise<T> {
  let interrupted: SignalName | null = null;
  const stop = (signal: SignalName) => {
    interrupted ??= signal;
    child.kill('SIGTERM');
  };
  const stopped = () => (interrupted ? new InterruptedError(`Interrupted (${interrupted}) ${during}.`, SIGNAL_EXIT_CODES[interrupted]) : null);
  let result: T;
  try {
    result = await withSignalsDeferred(stop, async () => await child);
  } catch (error) {
    throw stopped() ?? error;
  }
  const error = stopped();
  if (error) throw error;
  return result;
}
