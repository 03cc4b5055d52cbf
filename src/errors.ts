/** An expected problem: a clear message, a hint on what to do, and the exit code the entry point uses. */
export class UserError extends Error {
  readonly exitCode: number;
  readonly hint?: string;
  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}

/** Bad command-line input: exit code 2. */
export function usageError(message: string, hint?: string): UserError {
  return new UserError(message, { exitCode: 2, hint });
}

/** The person pressed Ctrl-C or the process got a termination signal. */
export class InterruptedError extends UserError {
  constructor(message = 'Interrupted: nothing was written.', exitCode = 130) {
    super(message, { exitCode });
    this.name = 'InterruptedError';
  }
}

/** How every --json failure names what went wrong: `{ ok: false, error: JsonError, ... }`. */
export interface JsonError {
  message: string;
  hint?: string;
  exitCode: number;
}

export function jsonError(message: string, exitCode: number, hint?: string): JsonError {
  return { message, ...(hint ? { hint } : {}), exitCode };
}
