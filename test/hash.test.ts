import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../src/hash/content-hash.js';
import { matchesRecord, parseManifest, recordFile } from '../src/manifest.js';
import { referenceFnv1a64 } from './helpers/fnv.js';

describe('the content hash (FNV-1a 64, WebAssembly)', () => {
  it('gives the published test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('equals the BigInt reference for any bytes, and for any text as its UTF-8 bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => fnv1a64(bytes) === referenceFnv1a64(bytes)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => fnv1a64(text) === referenceFnv1a64(text)), { numRuns: 500 });
  });

  it('hashes files larger than its memory (which grows) and then small ones again', () => {
    const big = 'é🚀x'.repeat(60_000);
    expect(fnv1a64(big)).toBe(referenceFnv1a64(big));
    const bytes = Buffer.from(big);
    expect(fnv1a64(bytes)).toBe(referenceFnv1a64(bytes));
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
  });

  it('tells a file from the same file with one byte changed', () => {
    const text = 'name: x\n'.repeat(100);
    expect(fnv1a64(text)).not.toBe(fnv1a64(`${text.slice(0, -1)} `));
  });
});

describe('records', () => {
  it('match what was written, by the new hash and by the SHA-256 of records written before it', () => {
    const content = 'a generated file\n';
    expect(recordFile('f', content)).toEqual({ path: 'f', fnv1a64: referenceFnv1a64(content) });
    expect(matchesRecord(recordFile('f', content), Buffer.from(content))).toBe(true);
    expect(matchesRecord(recordFile('f', content), `${content}!`)).toBe(false);
    const legacy = { path: 'f', sha256: createHash('sha256').update(content).digest('hex') };
    expect(matchesRecord(legacy, content)).toBe(true);
    expect(matchesRecord(legacy, `${content}!`)).toBe(false);
    expect(matchesRecord(undefined, content)).toBe(false);
    const record = { tool: 'create-agents', version: '0.1.0', stack: 'supabase', answers: {} };
    expect(parseManifest(JSON.stringify({ ...record, files: [legacy] }), 'x').files).toEqual([legacy]);
    expect(() => parseManifest(JSON.stringify({ ...record, files: [{ path: 'f' }] }), 'x')).toThrow(/"files" must list \{ path, fnv1a64 \}/);
  });
});
