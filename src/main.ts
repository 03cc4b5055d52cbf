import { runCreate, SUBCOMMANDS } from './commands/index.js';
import { InterruptedError, jsonError, UserError } from './errors.js';
import { createOutput, type Output } from './output.js';
import { installSignalHandlers } from './signals.js';
import { writeOut, writtenSynchronously } from './terminal.js';
import { VERSION } from './version.js';

function report(output: Output, error: unknown, json: boolean, verbose: boolean): number {
  const exitCode = error instanceof UserError ? error.exitCode : 1;
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    error instanceof UserError ? error.hint : 'This is a bug in create-agents; please report it with the command you ran (--verbose shows the stack trace).';
  if (json) output.out(JSON.stringify({ ok: false, error: jsonError(message, exitCode, hint) }, null, 2));
  else {
    output.err(`create-agents: ${message}`);
    if (hint) output.err(hint);
  }
  if (verbose && error instanceof Error && error.stack) output.err(error.stack);
  return exitCode;
}

/** Runs a command line: the only place that decides the exit code. */
export async function main(argv: string[]): Promise<number> {
  installSignalHandlers();
  const output = createOutput();
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose');
  if (argv.includes('--version') || argv.includes('-v')) {
    output.out(json ? JSON.stringify({ version: VERSION }) : VERSION);
    return 0;
  }
  try {
    const load = argv[0] !== undefined && Object.hasOwn(SUBCOMMANDS, argv[0]) ? SUBCOMMANDS[argv[0]] : undefined;
    const io = { cwd: process.cwd(), output };
    return await (load ? (await load())(argv.slice(1), io) : runCreate(argv, io));
  } catch (error) {
    return report(output, error, json, verbose);
  }
}

/**
 * Ends the process with a run's exit code; an error that escaped `main` still ends with a clear line.
 * When all output went out synchronously, the process ends at once, without waiting for the runtime's
 * housekeeping (a garbage collection it scheduled can cost more than a whole `check`); otherwise it
 * ends once the streams are flushed.
 */
export function exitWith(run: Promise<number>): void {
  const end = (code: number) => {
    if (writtenSynchronously()) process.exit(code);
    process.exitCode = code;
  };
  run.then(end, (error) => {
    writeOut(2, `${String(error)}\n`);
    end(error instanceof InterruptedError ? error.exitCode : 1);
  });
}
