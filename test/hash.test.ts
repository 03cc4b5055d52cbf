import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/content-hash.js';
import { matchesRecord, parseRecord, recordFile } from '../src/project-record.js';

describe('records', () => {
  it('hold the SHA-256 of each file, as text and as bytes alike', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('é🚀')).toBe(sha256(Buffer.from('é🚀', 'utf8')));
  });

  it('match what was written and nothing else', () => {
    const content = 'a generated file\n';
    expect(recordFile('f', content)).toEqual({ path: 'f', sha256: createHash('sha256').update(content).digest('hex') });
    expect(matchesRecord(recordFile('f', content), Buffer.from(content))).toBe(true);
    expect(matchesRecord(recordFile('f', content), `${content}!`)).toBe(false);
    expect(matchesRecord(undefined, content)).toBe(false);
  });

  it('refuse a file entry without a SHA-256', () => {
    const record = { tool: 'create-agents', version: '0.1.0', stack: 'supabase', answers: {} };
    expect(parseRecord(JSON.stringify({ ...record, files: [recordFile('f', 'x')] }), 'x').files).toEqual([recordFile('f', 'x')]);
    expect(() => parseRecord(JSON.stringify({ ...record, files: [{ path: 'f' }] }), 'x')).toThrow(/"files" must list \{ path, sha256 \}/);
    expect(() => parseRecord(JSON.stringify({ ...record, files: [{ path: 'f', fnv1a64: 'cbf29ce484222325' }] }), 'x')).toThrow(/"files" must list/);
  });
});
