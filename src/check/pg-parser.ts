import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { brotliDecompressSync } from 'node:zlib';

/**
 * PostgreSQL's own parser (libpg_query, compiled to WebAssembly by the libpg-query package), loaded
 * only when there is SQL to read. The published package ships the module's loader as is and the
 * WebAssembly brotli-compressed (dist/pg/), decompressed in memory at first use.
 */
interface PgModule {
  lengthBytesUTF8(text: string): number;
  stringToUTF8(text: string, ptr: number, max: number): void;
  UTF8ToString(ptr: number): string;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _wasm_parse_query(ptr: number): number;
  _wasm_free_string(ptr: number): void;
  _wasm_parse_query_detailed(ptr: number): number;
  _wasm_free_detailed_result(ptr: number): void;
}

/** A node of PostgreSQL's parse tree: its shape is the parser's, read by path where it is used. */
export interface PgNode {
  // biome-ignore lint/suspicious/noExplicitAny: the parse tree's nodes are read by path, as libpg-query documents them.
  [key: string]: any;
}

export interface PgParseResult {
  stmts: Array<{ stmt: PgNode; stmt_location?: number }>;
}

/** A syntax error, with the 1-based character position PostgreSQL reports. */
export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** This module's address: the built command is CommonJS (`__filename`), the source an ES module. */
const moduleUrl = () => (typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url);

function locate(): { script: string; wasm: () => Buffer } {
  const shipped = fileURLToPath(new URL('../pg/', moduleUrl()));
  if (existsSync(join(shipped, 'libpg-query.cjs'))) {
    return { script: join(shipped, 'libpg-query.cjs'), wasm: () => brotliDecompressSync(readFileSync(join(shipped, 'libpg-query.wasm.br'))) };
  }
  // Running from source: the installed package.
  const pkg = 'libpg-query/wasm/libpg-query.js';
  const script = createRequire(moduleUrl()).resolve(pkg);
  return { script, wasm: () => readFileSync(script.replace(/\.js$/, '.wasm')) };
}

let loading: Promise<PgModule> | undefined;

function load(): Promise<PgModule> {
  loading ??= (async () => {
    const { script, wasm } = locate();
    // Baseline code only: optimising compiles of hot functions run on background threads that Node
    // waits for at exit, which costs more (about 0.5 s) than a check ever gains from them.
    setFlagsFromString('--liftoff-only');
    const factory = createRequire(moduleUrl())(script) as (options: object) => Promise<PgModule>;
    return factory({ wasmBinary: wasm(), print: () => undefined, printErr: () => undefined });
  })();
  return loading;
}

function call<T>(pg: PgModule, sql: string, fn: (ptr: number) => T): T {
  const size = pg.lengthBytesUTF8(sql) + 1;
  const ptr = pg._malloc(size);
  try {
    pg.stringToUTF8(sql, ptr, size);
    return fn(ptr);
  } finally {
    pg._free(ptr);
  }
}

function parseWith(pg: PgModule, sql: string): PgParseResult {
  if (!sql.trim()) return { stmts: [] };
  const text = call(pg, sql, (ptr) => {
    const result = pg._wasm_parse_query(ptr);
    try {
      return pg.UTF8ToString(result);
    } finally {
      pg._wasm_free_string(result);
    }
  });
  if (text.startsWith('{')) return { stmts: [], ...(JSON.parse(text) as Partial<PgParseResult>) };
  // The detailed call reports where the error is: { has_error, message, funcname, filename, lineno, cursorpos, ... }.
  const position = call(pg, sql, (ptr) => {
    const result = pg._wasm_parse_query_detailed(ptr);
    if (!result) return 0;
    try {
      return pg.HEAPU32[(result >> 2) + 5] ?? 0;
    } finally {
      pg._wasm_free_detailed_result(result);
    }
  });
  throw new SqlSyntaxError(text, position);
}

/** Returns a parse function once the parser is loaded. */
export async function pgParser(): Promise<(sql: string) => PgParseResult> {
  const pg = await load();
  return (sql) => parseWith(pg, sql);
}
