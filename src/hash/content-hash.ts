/**
 * The hash the project record keeps of every generated file, to tell later whether you edited it:
 * FNV-1a with 64 bits over the file's UTF-8 bytes, as 16 hex digits. It detects changes, it is not a
 * security measure. It runs as a WebAssembly module of some 330 bytes (src/hash/fnv1a64.wat): loading
 * `node:crypto` alone would cost a run more than hashing every file it writes.
 */
import wasm from '../../.build/fnv1a64.json' with { type: 'json' };

/** The part of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

interface Hasher {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  fnv1a64(ptr: number, len: number): bigint;
}

let hasher: Hasher | undefined;
let encoder: InstanceType<typeof TextEncoder> | undefined;

function instance(): Hasher {
  hasher ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasm.base64, 'base64'))).exports as unknown as Hasher;
  return hasher;
}

/** Room for `bytes` bytes at the start of the module's memory. */
function memoryFor(h: Hasher, bytes: number): Uint8Array {
  const missing = bytes - h.memory.buffer.byteLength;
  if (missing > 0) h.memory.grow(Math.ceil(missing / 65536));
  return new Uint8Array(h.memory.buffer);
}

export function fnv1a64(content: string | Uint8Array): string {
  const h = instance();
  let length: number;
  if (typeof content === 'string') {
    encoder ??= new TextEncoder();
    length = encoder.encodeInto(content, memoryFor(h, content.length * 3)).written;
  } else {
    memoryFor(h, content.length).set(content);
    length = content.length;
  }
  return BigInt.asUintN(64, h.fnv1a64(0, length)).toString(16).padStart(16, '0');
}
