/**
 * The command's entry point, kept tiny and in one module (a second one would make the bundle load a
 * helper chunk first): `--version` answers from here; everything else loads the command modules
 * (src/main.ts), compiled from the build's code caches.
 */
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

declare const __VERSION__: string;

interface LoadedModule {
  exports: unknown;
  require(id: string): unknown;
}
type CompileJs = (mod: LoadedModule, filename: string) => void;

/**
 * Start-up: the bundle's chunks compile from V8 code caches written at build time, one per chunk and
 * Node.js version (`scripts/build.mjs` runs the command once per case to fill them). A run then skips
 * most of parsing and compiling the JavaScript it loads, the functions it calls included. A chunk with
 * no cache for this Node.js version compiles as usual, and so does one whose cache V8 rejects (other
 * V8 flags), with the same result. With `write`, chunks with no cache compile as usual and, when the
 * process ends, their caches are written with every function the run compiled; a chunk of a few
 * kilobytes gets none, as reading a second file would cost more than compiling it.
 */
const SMALL_CHUNK = 4096;

function useCodeCache(dir: string, write: boolean): void {
  const { Script } = process.getBuiltinModule('node:vm');
  const extensions = (process.getBuiltinModule('node:module') as unknown as { _extensions: Record<string, CompileJs> })._extensions;
  const compileJs = extensions['.js']!;
  const toWrite = new Map<string, InstanceType<typeof Script>>();
  extensions['.js'] = (mod, filename) => {
    if (!filename.startsWith(dir)) return compileJs(mod, filename);
    const cacheFile = `${filename}.${process.version}.cache`;
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      if (!write) return compileJs(mod, filename);
    }
    const source = readFileSync(filename, 'utf8');
    const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename, cachedData });
    if (write && !cachedData && source.length > SMALL_CHUNK) toWrite.set(cacheFile, script);
    const run = script.runInThisContext() as (...args: unknown[]) => void;
    run.call(mod.exports, mod.exports, (id: string) => mod.require(id), mod, filename, dirname(filename));
  };
  if (write) process.on('exit', () => toWrite.forEach((script, file) => writeFileSync(file, script.createCachedData())));
}

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
