/**
 * Every command, in one module: whichever runs, start-up loads one file for all of them (plus the
 * stack it renders), not a dozen small shared pieces. Only the heavy, rarely needed parts (prompts,
 * git, the template compiler, the SQL parser, stacks) stay behind their own `import()`.
 */
import type { CommandIO } from './common.js';
import { run as add } from './add.js';
import { run as check } from './check.js';
import { run as lint } from './lint.js';
import { run as list } from './list.js';
import { run as update } from './update.js';

export { runCreate } from './create.js';

export const SUBCOMMANDS: Record<string, (argv: string[], io: CommandIO) => Promise<number>> = { list, check, lint, add, update };
