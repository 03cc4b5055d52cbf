/**
 * Start-up: V8 code caches for the bundle's chunks, so that a run skips most of parsing and compiling
 * the JavaScript it loads. Imported by the entry point (src/cli.ts), whose file it becomes part of.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface LoadedModule {
  exports: unknown;
  require(id: string): unknown;
}
type CompileJs = (mod: LoadedModule, filename: string) => void;

/** A chunk of a few kilobytes gets no cache: reading a second file would cost more than compiling it. */
const SMALL_CHUNK = 4096;

/**
 * The bundle's chunks compile from V8 code caches written at build time, one per chunk and
 * Node.js version (`scripts/build.mjs` runs the command once per case to fill them). A run then skips
 * most of parsing and compiling the JavaScript it loads, the functions it calls included. A chunk with
 * no cache for this Node.js version compiles as usual, and so does one whose cache V8 rejects (other
 * V8 flags), with the same result. With `write`, chunks with no cache compile as usual and, when the
 * process ends, their caches are written with every function the run compiled.
 */
export function useCodeCache(dir: string, write: boolean): void {
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
