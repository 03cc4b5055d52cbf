/**
 * Start-up: the bundle's chunks load through a small loader of their own and compile from V8 code
 * caches, so that a run skips most of looking up, parsing and compiling the JavaScript it loads.
 * Imported by the entry point (src/cli.ts), whose file it becomes part of.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface LoadedModule {
  exports: unknown;
}
type CompileJs = (mod: LoadedModule, filename: string) => void;

/** A chunk of a few kilobytes gets no cache: reading a second file would cost more than compiling it. */
const SMALL_CHUNK = 4096;

/**
 * Loads the chunks in `dir` (a folder path ending in a separator):
 * - Each compiles from a V8 code cache written at build time, one per chunk and Node.js version
 *   (`scripts/build.mjs` runs the command once per case to fill them). A run then skips most of parsing
 *   and compiling, the functions it calls included. A chunk with no cache for this Node.js version
 *   compiles from source, and so does one whose cache V8 rejects (other V8 flags), with the same result.
 * - The first chunk comes through Node's loader (`require` in the entry point); the chunks it asks for,
 *   and theirs, load here. A chunk names others only as `./<file>.js` in the same folder, besides Node's
 *   own modules, so finding one takes a string concatenation where Node's loader would look the path
 *   up on the disk.
 * With `write`, chunks with no cache compile from source and, when the process ends, their caches are
 * written with every function the run compiled.
 */
export function useCodeCache(dir: string, write: boolean): void {
  const { Script } = process.getBuiltinModule('node:vm');
  const extensions = (process.getBuiltinModule('node:module') as unknown as { _extensions: Record<string, CompileJs> })._extensions;
  const compileJs = extensions['.js']!;
  const loaded = new Map<string, LoadedModule>();
  const toWrite = new Map<string, InstanceType<typeof Script>>();

  const cacheOf = (cacheFile: string) => {
    try {
      return readFileSync(cacheFile);
    } catch {
      return undefined;
    }
  };

  const load = (mod: LoadedModule, filename: string) => {
    loaded.set(filename, mod);
    const source = readFileSync(filename, 'utf8');
    const cacheFile = `${filename}.${process.version}.cache`;
    const cacheable = source.length > SMALL_CHUNK;
    const cachedData = cacheable ? cacheOf(cacheFile) : undefined;
    const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename, cachedData });
    if (write && cacheable && !cachedData) toWrite.set(cacheFile, script);
    const run = script.runInThisContext() as (...args: unknown[]) => void;
    run.call(mod.exports, mod.exports, requireInChunk, mod, filename, dir.slice(0, -1));
  };

  const requireInChunk = (id: string): unknown => {
    if (!id.startsWith('./')) return process.getBuiltinModule(id) ?? unknownModule(id);
    const filename = dir + id.slice(2);
    let mod = loaded.get(filename);
    if (!mod) load((mod = { exports: {} }), filename);
    return mod.exports;
  };

  extensions['.js'] = (mod, filename) => (filename.startsWith(dir) ? load(mod, filename) : compileJs(mod, filename));
  if (write) process.on('exit', () => toWrite.forEach((script, file) => writeFileSync(file, script.createCachedData())));
}

function unknownModule(id: string): never {
  throw new Error(`A chunk of the bundle asked for ${id}, which is neither a chunk nor a module of Node.js.`);
}
