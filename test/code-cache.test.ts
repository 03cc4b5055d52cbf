import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from './helpers/cli.js';
import { snapshotTree } from './helpers/tree.js';

/** A preload that records, for every script compiled through `vm.Script`, whether a cache was given and taken. */
const PROBE = `
const vm = require('node:vm');
const Script = vm.Script;
const seen = [];
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    seen.push({ file: require('node:path').basename(options.filename), cached: Boolean(options.cachedData), rejected: this.cachedDataRejected === true });
  }
};
process.on('exit', () => require('node:fs').writeFileSync(process.env.SEEN, JSON.stringify(seen)));
`;

type Seen = Array<{ file: string; cached: boolean; rejected: boolean }>;

/** Scaffolds react-chat with the command in `dist`, into `<parent>/app`: the project and what was compiled. */
function scaffold(dist: string, parent: string): { tree: ReturnType<typeof snapshotTree>; seen: Seen } {
  const probe = join(parent, 'probe.cjs');
  writeFileSync(probe, PROBE);
  const env = { ...process.env, CI: 'true', SEEN: join(parent, 'seen.json') };
  const run = spawnSync(process.execPath, ['-r', probe, join(dist, 'cli.js'), 'app', '--stack', 'react-chat', '--yes', '--no-git'], { cwd: parent, env, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return { tree: snapshotTree(join(parent, 'app')), seen: JSON.parse(readFileSync(env.SEEN, 'utf8')) as Seen };
}

const caches = (dist: string) => readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith(`.${process.version}.cache`));

describe('code caches of the bundle', () => {
  it('the build writes them for this Node.js version and a scaffold compiles its chunks from them', () => {
    const dist = join(REPO, 'dist');
    expect(caches(dist).some((f) => f.startsWith('react-chat-'))).toBe(true);
    const { seen } = scaffold(dist, tempDir('cache-used-'));
    // The shared chunk and the stack's chunk, at least; none turned down.
    expect(seen.filter((s) => s.cached).length).toBeGreaterThanOrEqual(2);
    expect(seen.some((s) => s.cached && s.file.startsWith('react-chat-'))).toBe(true);
    expect(seen.filter((s) => s.rejected)).toEqual([]);
    // Every chunk compiled once, whichever loader found it (Node's for the first, the bundle's own for the rest).
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((s) => s.file)).size).toBe(seen.length);
  });

  it('without them, or with caches that do not fit their chunks, a scaffold writes the same project', () => {
    const withCaches = scaffold(join(REPO, 'dist'), tempDir('cache-with-'));

    const bare = join(tempDir('cache-dist-'), 'dist');
    cpSync(join(REPO, 'dist'), bare, { recursive: true });
    const shipped = caches(bare);
    for (const file of shipped) rmSync(join(bare, 'chunks', file));
    const without = scaffold(bare, tempDir('cache-without-'));
    expect(without.seen.filter((s) => s.cached)).toEqual([]);
    expect(without.tree).toEqual(withCaches.tree);

    // Every cache swapped for another chunk's: V8 turns each one down and compiles from source.
    const mixed = join(tempDir('cache-dist-'), 'dist');
    cpSync(join(REPO, 'dist'), mixed, { recursive: true });
    const bytes = shipped.map((file) => readFileSync(join(mixed, 'chunks', file)));
    shipped.forEach((file, i) => writeFileSync(join(mixed, 'chunks', file), bytes[(i + 1) % bytes.length]!));
    const rejected = scaffold(mixed, tempDir('cache-mixed-'));
    expect(rejected.seen.filter((s) => s.cached).length).toBeGreaterThanOrEqual(2);
    expect(rejected.seen.filter((s) => s.cached).every((s) => s.rejected)).toBe(true);
    expect(rejected.tree).toEqual(withCaches.tree);
  });
});
