import { InterruptedError, UserError } from './errors.js';
import { createOutput, type Output } from './output.js';
import { installSignalHandlers } from './signals.js';
import { VERSION } from './version.js';

/** Subcommands, loaded only when named. */
const COMMANDS: Record<string, () => Promise<{ run(argv: string[], io: { cwd: string; output: Output }): Promise<number> }>> = {
  list: () => import('./commands/list.js'),
  check: () => import('./commands/check.js'),
  lint: () => import('./commands/lint.js'),
  add: () => import('./commands/add.js'),
  update: () => import('./commands/update.js'),
};

function report(output: Output, error: unknown, json: boolean, verbose: boolean): number {
  const exitCode = error instanceof UserError ? error.exitCode : 1;
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof UserError ? error.hint : 'This is a bug in create-agents; please report it with the command you ran (--verbose shows the stack trace).';
  if (json) output.out(JSON.stringify({ ok: false, error: { message, ...(hint ? { hint } : {}), exitCode } }, null, 2));
  else {
    output.err(`create-agents: ${message}`);
    if (hint) output.err(hint);
  }
  if (verbose && error instanceof Error && error.stack) output.err(error.stack);
  return exitCode;
}

/** The entry point: the only place that decides the exit code. */
export async function main(argv: string[]): Promise<number> {
  const output = createOutput();
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose');
  if (argv.includes('--version') || argv.includes('-v')) {
    output.out(json ? JSON.stringify({ version: VERSION }) : VERSION);
    return 0;
  }
  try {
    const command = argv[0] !== undefined ? COMMANDS[argv[0]] : undefined;
    const io = { cwd: process.cwd(), output };
    if (command) return await (await command()).run(argv.slice(1), io);
    const { runCreate } = await import('./commands/create.js');
    return await runCreate(argv, io);
  } catch (error) {
    return report(output, error, json, verbose);
  }
}

installSignalHandlers();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.exitCode = error instanceof InterruptedError ? error.exitCode : 1;
    process.stderr.write(`${String(error)}\n`);
  },
);
