// Start-up benchmark: runs each command alternately with a bare `node -e ''` and reports medians,
// spread and peak memory, as absolute figures and as ratios to the bare start in the same run.
// Usage: npm run bench [-- --runs 20]; with TMPDIR=/dev/shm the projects go to a RAM disk.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const BIN = join(root, 'dist/cli.js');
const node = process.execPath;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const work = mkdtempSync(join(tmpdir(), 'ca-bench-'));

/** One timed run: wall milliseconds and, where /usr/bin/time exists, peak RSS in KiB. */
function once(args, cwd = work) {
  const argv = TIME ? ['-f', '%M', node, ...args] : args;
  const start = process.hrtime.bigint();
  const result = spawnSync(TIME ?? node, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && !args.includes('--allow-fail')) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  const kib = TIME ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { ms, kib };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor(s.length * 0.1)], s[Math.ceil(s.length * 0.9) - 1]];
};

let counter = 0;
const fresh = () => join(work, `p${counter++}`);

// A generated project and a folder of 1,000 agent files, for the check and lint cases.
const project = join(work, 'checked');
execFileSync(node, [BIN, project, '--stack', 'react-chat', '--yes', '--no-git'], { stdio: 'ignore' });
const hasCheck = /create-agents check/.test(spawnSync(node, [BIN, 'check', '--help'], { encoding: 'utf8' }).stdout);
const thousand = join(work, 'thousand', 'agents');
if (hasCheck) {
  mkdirSync(thousand, { recursive: true });
  // A realistic agent (front matter and a body of a few kilobytes) that names no other agent.
  const body = readFileSync(join(project, '.claude/agents/test-engineer.md'), 'utf8').split('\n---\n').slice(1).join('\n---\n');
  const neutral = body.replace(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, 'x');
  for (let i = 0; i < 1000; i++) {
    const front = `---\nname: agent-${i}\ndescription: |-\n  Use this agent for task ${i}.\n  <example>user: "do ${i}"</example>\ntools: Read, Grep, Glob\nmodel: sonnet\n---\n`;
    writeFileSync(join(thousand, `agent-${i}.md`), front + neutral);
  }
}

// The floor under a scaffold: a bare script that makes the same folders and writes the same files with
// plain fs calls. What a scaffold costs beyond it is the command's own work.
const listed = readdirSync(project, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath ?? e.path, e.name).slice(project.length + 1));
const floorData = join(work, 'floor.json');
writeFileSync(floorData, JSON.stringify(listed.map((path) => [path, readFileSync(join(project, path), 'utf8')])));
const floorScript = join(work, 'floor.cjs');
writeFileSync(
  floorScript,
  `const fs = require('fs'), path = require('path');
const [data, dest] = process.argv.slice(2);
for (const [file, text] of JSON.parse(fs.readFileSync(data, 'utf8'))) {
  fs.mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
  fs.writeFileSync(path.join(dest, file), text, { flag: 'wx' });
}
`,
);

const cases = [
  ['--help', () => [BIN, '--help']],
  ['--version', () => [BIN, '--version']],
  ['scaffold react-chat (all agents, Supabase, no git)', () => [BIN, fresh(), '--stack', 'react-chat', '--yes', '--no-git']],
  [`floor: a bare script writing the same ${listed.length} files`, () => [floorScript, floorData, fresh()]],
  ...(hasCheck
    ? [
        ['check on a generated project', () => [BIN, 'check', project]],
        ['lint 1,000 agent files', () => [BIN, 'lint', thousand]],
      ]
    : []),
  // create-vite takes its folder relative to where it runs (the benchmark's folder).
  ['create-vite 9 scaffold (vue-ts)', () => [join(root, 'node_modules/create-vite/index.js'), basename(fresh()), '--template', 'vue-ts', '--no-interactive']],
];

// Warm-up: file caches and the stack's chunk on disk.
for (const [, args] of cases) once(args());
for (let i = 0; i < 3; i++) once(['-e', '']);

const results = cases.map(([name]) => ({ name, ms: [], kib: [], base: [], baseKib: [] }));
for (let r = 0; r < RUNS; r++) {
  cases.forEach(([, args], i) => {
    const b = once(['-e', '']);
    const c = once(args());
    results[i].base.push(b.ms);
    results[i].baseKib.push(b.kib);
    results[i].ms.push(c.ms);
    results[i].kib.push(c.kib);
  });
}

const fmt = (n) => n.toFixed(1);
console.log(
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${RUNS} runs each, alternating with node -e ''; projects written under ${tmpdir()}`,
);
console.log('');
console.log("| command | median ms (p10–p90) | node -e '' median ms | ratio | peak RSS MiB | RSS ratio |");
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  const [lo, hi] = spread(r.ms);
  const rss = median(r.kib) / 1024;
  const baseRss = median(r.baseKib) / 1024;
  console.log(
    `| ${r.name} | ${fmt(median(r.ms))} (${fmt(lo)}–${fmt(hi)}) | ${fmt(median(r.base))} | ${(median(r.ms) / median(r.base)).toFixed(2)}x | ${Number.isNaN(rss) ? 'n/a' : fmt(rss)} | ${Number.isNaN(rss) ? 'n/a' : `${(rss / baseRss).toFixed(2)}x`} |`,
  );
}

const pack = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
)[0];
const pkg = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: root, encoding: 'utf8' }));
console.log('');
console.log(
  `Package: ${(pack.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${pack.entryCount} files, ${Object.keys(pkg.dependencies ?? {}).length} runtime dependencies`,
);
rmSync(work, { recursive: true, force: true });
