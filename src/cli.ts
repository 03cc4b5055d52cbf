/**
 * The command's entry point, kept tiny: `--version` answers from here; everything else loads the
 * command modules (src/main.ts), compiled from the build's code caches (src/code-cache.ts).
 */
import { writeSync } from 'node:fs';
import { join, sep } from 'node:path';
import { useCodeCache } from './code-cache.js';

declare const __VERSION__: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  try {
    writeSync(1, `${__VERSION__}\n`);
  } catch {
    // Nobody reads the answer (a closed pipe): nothing to do.
  }
} else {
  useCodeCache(join(import.meta.dirname, 'chunks') + sep, process.env.CREATE_AGENTS_WRITE_CODE_CACHE === '1');
  void import('./main.js').then(({ main, exitWith }) => exitWith(main(argv)));
}
