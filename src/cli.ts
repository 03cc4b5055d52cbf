/**
 * The command's entry point, kept small: `--version` answers from here; everything else loads the
 * command modules (src/main.ts).
 */
import { writeSync } from 'node:fs';

declare const __VERSION__: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  try {
    writeSync(1, `${__VERSION__}\n`);
  } catch {
    // Nobody reads the answer (a closed pipe): nothing to do.
  }
} else {
  void import('./main.js').then(({ main, exitWith }) => exitWith(main(argv)));
}
