import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { helpLines, parseArgs, type FlagSpec } from '../args.js';
import { stemOf } from '../check/agent-file.js';
import { countBySeverity, sortFindings } from '../check/finding.js';
import { AGENTS_DIR, checkAgentFiles } from '../check/project.js';
import { printFindings, summaryLine } from '../check/report.js';
import { usageError } from '../errors.js';
import { paint } from '../output.js';
import { builtinRegistry } from '../templates/builtin-registry.js';
import { loadSource } from '../templates/source.js';
import { COMMON_FLAGS, type CommandIO } from './common.js';

const FLAGS: FlagSpec[] = [
  { name: 'fix', type: 'boolean', help: 'Repair what can be repaired without changing meaning (invalid YAML values, a byte-order mark); bodies are never touched.' },
  ...COMMON_FLAGS.filter((f) => f.name !== 'version'),
];

const HELP = [
  'Usage: create-agents lint [paths...] [--fix] [--json]',
  '',
  'Checks agent files anywhere (a .claude/agents folder, a collection repository) with the agent rules',
  'of create-agents check. Paths are .md files or folders searched recursively; default: .claude/agents.',
  'With --fix, front matter that is not valid YAML (typically a description with ": " in it, or "\\n"',
  'meant as a line break) is read the way its author meant it and written back as valid YAML; each file',
  'is replaced atomically, and one that cannot be repaired is reported and left as it was.',
  '',
  'Options:',
  ...helpLines(FLAGS),
  '',
  'Exit codes: 0 no errors left, 1 errors left, 2 bad input.',
].join('\n');

const SKIP_DIRS = new Set(['node_modules', '.git']);

async function collect(abs: string): Promise<string[]> {
  const stats = await stat(abs).catch(() => null);
  if (!stats?.isDirectory()) return [abs];
  const entries = await readdir(abs, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => (e.isDirectory() ? !SKIP_DIRS.has(e.name) : e.name.toLowerCase().endsWith('.md')))
      .map((e) => (e.isDirectory() ? collect(join(abs, e.name)) : [join(abs, e.name)])),
  );
  return nested.flat();
}

/** Names of the .md files next to the linted ones: agents that exist even when not linted. */
async function siblings(paths: string[]): Promise<string[]> {
  const dirs = [...new Set(paths.map((p) => dirname(p)))];
  const lists = await Promise.all(dirs.map((d) => readdir(d).catch(() => [] as string[])));
  return lists.flat().filter((n) => n.toLowerCase().endsWith('.md')).map(stemOf);
}

/** `create-agents lint`: agent rules on any agent files, with --fix for what can be repaired. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.help) return io.output.out(HELP), 0;
  const json = flags.json === true;
  const targets = positionals.length ? positionals : [AGENTS_DIR];
  const found: string[] = [];
  for (const target of targets) {
    const abs = resolve(io.cwd, target);
    const stats = await lstat(abs).catch(() => null);
    if (!stats) throw usageError(`${target} does not exist.`, positionals.length ? 'Name agent files or folders that hold them.' : 'Run lint in a project with .claude/agents, or name the files or folders to lint.');
    found.push(...(await collect(abs)));
  }
  const paths = [...new Set(found)].sort();
  const show = (abs: string) => relative(io.cwd, abs).split(sep).join('/') || abs;
  const files = await Promise.all(paths.map(async (abs) => ({ abs, path: show(abs), bytes: await readFile(abs).catch(() => Buffer.alloc(0)) })));

  const fixed: Array<{ file: string; changes: string[] }> = [];
  const notFixed: Array<{ file: string; reason: string }> = [];
  if (flags.fix) {
    const { fixFiles } = await import('../lint/fix.js');
    await fixFiles(files, fixed, notFixed);
  }
  const registry = typeof flags.templates === 'string' ? (await loadSource(flags.templates)).registry : builtinRegistry;
  const { findings } = await checkAgentFiles(files, registry, { others: await siblings(paths) });
  sortFindings(findings);
  const summary = countBySeverity(findings);
  const ok = summary.error === 0;
  if (json) {
    io.output.out(JSON.stringify({ ok, files: files.length, ...(flags.fix ? { fixed, notFixed } : {}), summary, findings }, null, 2));
    return ok ? 0 : 1;
  }
  for (const f of fixed) io.output.out(`${paint(io.output, 'green', 'fixed')}      ${f.file}: ${f.changes.join('; ')}`);
  for (const f of notFixed) io.output.out(`${paint(io.output, 'yellow', 'not fixed')}  ${f.file}: ${f.reason}`);
  if (fixed.length || notFixed.length) io.output.out('');
  printFindings(io.output, findings);
  const what = `${files.length} agent file${files.length === 1 ? '' : 's'}`;
  io.output.out(paint(io.output, ok ? 'green' : 'red', findings.length ? `${summaryLine(findings)} (${what}).` : `No problems (${what}).`));
  return ok ? 0 : 1;
}
