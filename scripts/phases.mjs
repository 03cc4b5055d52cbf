// Where a react-chat scaffold's time goes: builds an unminified copy of the command (function names
// kept), runs the scaffold under Node's CPU profiler and splits each run into the phases below by
// time. The profiler slows a run down, so the shares matter more than the milliseconds.
// Usage: npm run bench:phases [-- --runs 15]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const work = mkdtempSync(join(tmpdir(), 'ca-phases-'));
const dist = join(work, 'dist');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { env: { ...process.env, NO_MINIFY: '1', DIST_DIR: dist }, stdio: 'ignore' });

/**
 * The phases in the order a scaffold runs them, each with what starts it (a function's name, or the
 * module Handlebars' runtime loads from): a phase lasts from the first sample with that on the stack to
 * the start of the next one.
 */
const PHASES = [
  ["Node's start, loading the command's code", () => false],
  ['read the arguments and the answers', (f) => f.functionName === 'runCreate'],
  ["load the stack's templates and Handlebars' runtime", (f) => /\/chunks\/runtime-[^/]*\.js$/.test(f.url)],
  ['render the templates', (f) => f.functionName === 'renderFiles'],
  ['compare the plan with the disk', (f) => f.functionName === 'classify'],
  ['build the record: load node:crypto, SHA-256 of each file', (f) => f.functionName === 'buildRecord'],
  ['write the files (all or nothing), report, exit', (f) => f.functionName === 'apply'],
];

const times = PHASES.map(() => []);
const seen = new Set([0]);
for (let run = 0; run < RUNS; run++) {
  const profiles = join(work, `profile-${run}`);
  execFileSync(
    process.execPath,
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      profiles,
      '--cpu-prof-interval',
      '50',
      join(dist, 'cli.js'),
      join(work, `p${run}`),
      '--stack',
      'react-chat',
      '--yes',
      '--no-git',
    ],
    { stdio: 'ignore' },
  );
  const profile = JSON.parse(readFileSync(join(profiles, readdirSync(profiles)[0]), 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id])));
  const starts = PHASES.map((_, k) => (k ? Number.POSITIVE_INFINITY : profile.startTime));
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const k = PHASES.findIndex(([, begins]) => begins(nodes.get(n).callFrame));
      if (k > 0) starts[k] = Math.min(starts[k], at);
      if (k > 0) seen.add(k);
    }
  });
  // A phase too short for any sample to fall in it takes no time: its start is the next one's.
  for (let k = starts.length - 1; k > 0; k--) if (!Number.isFinite(starts[k])) starts[k] = starts[k + 1] ?? profile.endTime;
  for (const [k, start] of starts.entries()) times[k].push(((starts[k + 1] ?? profile.endTime) - start) / 1000);
}

// A phase that never shows has lost its marker (a function renamed): say so rather than print zero.
const lost = PHASES.filter((_, k) => !seen.has(k)).map(([name]) => name);
if (lost.length) throw new Error(`No run showed the start of: ${lost.join('; ')}. Update PHASES in scripts/phases.mjs.`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = times.reduce((s, xs) => s + median(xs), 0);
console.log(`Node ${process.version}, ${RUNS} profiled runs of a react-chat scaffold (all agents, the kit, Supabase, no git)\n`);
console.log('| phase | median ms (profiled) | share |');
console.log('| --- | --- | --- |');
for (const [k, [name]] of PHASES.entries()) console.log(`| ${name} | ${median(times[k]).toFixed(1)} | ${((100 * median(times[k])) / sum).toFixed(0)}% |`);
rmSync(work, { recursive: true, force: true });
