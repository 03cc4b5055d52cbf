/**
 * The command's entry point, kept tiny: `--version` answers from here; everything else loads the
 * command modules (src/main.ts) first.
 */
declare const __VERSION__: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${__VERSION__}\n`);
} else {
  const { main, exitWith } = await import('./main.js');
  exitWith(main(argv));
}
