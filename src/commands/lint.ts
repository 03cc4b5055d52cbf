import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { type FlagSpec, helpLines, helpText, parseArgs } from '../args.js';
import { stemOf } from '../check/agent-file.js';
import { sortFindings } from '../check/finding.js';
import { AGENTS_DIR, checkAgentFiles } from '../check/project.js';
import { FORMAT_FLAG, formatOf, reportFindings } from '../check/report.js';
import { usageError } from '../errors.js';
import { paint } from '../output.js';
import { readProjectRecord } from '../project-record.js';
import { builtinRegistry } from '../templates/builtin-registry.js';
import { loadSource } from '../templates/source.js';
import { safeForTerminal } from '../terminal-text.js';
import { NotRegularFileError, readRegularFile } from '../write/read-regular.js';
import { COMMON_FLAGS, type CommandIO } from './common.js';

const FLAGS: FlagSpec[] = [
  FORMAT_FLAG,
  {
    name: 'fix',
    type: 'boolean',
    help: 'Repair what can be repaired without changing meaning (invalid YAML values, a byte-order mark); bodies are never touched.',
  },
  ...COMMON_FLAGS.filter((f) => f.name !== 'version'),
];

const HELP = helpText([
  'Usage: create-agents lint [paths...] [--fix] [--json | --format <format>]',
  '',
  'Checks agent files anywhere (a .claude/agents folder, a collection repository) with the agent rules',
  'of create-agents check. Paths are agent files, or folders searched recursively for the .md files',
  'below an agents folder (skills, commands and READMEs are left out); default: .claude/agents. Inside',
  'a create-agents project, every agent a body hands work to must be in the team.',
  'With --fix, front matter that is not valid YAML (typically a description with ": " in it, or "\\n"',
  'meant as a line break) is read the way its author meant it and written back as valid YAML; each file',
  'is replaced atomically, and one that cannot be repaired is reported and left as it was.',
  '',
  'Options:',
  ...helpLines(FLAGS),
  '',
  'Exit codes: 0 no errors left, 1 errors left, 2 bad input.',
]);

const SKIP_DIRS = new Set(['node_modules', '.git']);

/** Whether a Markdown file found in a folder is an agent file: below a folder named `agents`, and not a README. */
const isAgentPath = (abs: string) => abs.split(sep).slice(0, -1).includes('agents') && !/^readme\.md$/i.test(basename(abs));

/**
 * The agent files a path names: a file named on its own is taken as it is; in a folder, the Markdown
 * files below an `agents` folder (what Claude Code loads as agents), not skills, commands or READMEs.
 */
async function collect(abs: string, named = true): Promise<string[]> {
  const stats = await stat(abs).catch(() => null);
  if (!stats?.isDirectory()) return named || isAgentPath(abs) ? [abs] : [];
  const entries = await readdir(abs, { withFileTypes: true });
  const nested = await Promise.all(
    entries.filter((e) => (e.isDirectory() ? !SKIP_DIRS.has(e.name) : e.name.toLowerCase().endsWith('.md'))).map((e) => collect(join(abs, e.name), false)),
  );
  return nested.flat();
}

/** The folder of the project whose `.claude/agents` holds `abs`, or undefined. */
function projectRootOf(abs: string): string | undefined {
  const at = abs.lastIndexOf(`${sep}.claude${sep}agents${sep}`);
  return at === -1 ? undefined : abs.slice(0, at);
}

/** The stack a create-agents project records, or undefined when the folder is not one. */
async function recordedStackOf(root: string | undefined): Promise<string | undefined> {
  if (root === undefined) return undefined;
  try {
    return (await readProjectRecord(root))?.stack;
  } catch {
    return undefined;
  }
}

/**
 * An agent file's bytes, read without blocking: a FIFO or a device named like an agent file would make
 * a plain read wait forever (or read without end), so it is refused with a message instead.
 */
function readAgentFile(abs: string, shown: string): Buffer {
  try {
    return readRegularFile(abs) ?? Buffer.alloc(0);
  } catch (error) {
    if (error instanceof NotRegularFileError) throw usageError(`${shown} is ${error.kind}, not an agent file.`, 'Remove it, or name the agent files to lint.');
    return Buffer.alloc(0);
  }
}

/** Names of the .md files next to the linted ones: agents that exist even when not linted. */
async function siblings(paths: string[]): Promise<string[]> {
  const dirs = [...new Set(paths.map((p) => dirname(p)))];
  const lists = await Promise.all(dirs.map((d) => readdir(d).catch(() => [] as string[])));
  return lists
    .flat()
    .filter((n) => n.toLowerCase().endsWith('.md'))
    .map(stemOf);
}

/** `create-agents lint`: agent rules on any agent files, with --fix for what can be repaired. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.help) {
    io.output.out(HELP);
    return 0;
  }
  const format = formatOf(flags);
  const targets = positionals.length ? positionals : [AGENTS_DIR];
  const found: string[] = [];
  for (const target of targets) {
    const abs = resolve(io.cwd, target);
    const stats = await lstat(abs).catch(() => null);
    if (!stats)
      throw usageError(
        `${target} does not exist.`,
        positionals.length ? 'Name agent files or folders that hold them.' : 'Run lint in a project with .claude/agents, or name the files or folders to lint.',
      );
    const agents = await collect(abs);
    if (!agents.length)
      throw usageError(
        `${target} holds no agent files.`,
        'lint takes the .md files below an agents folder (such as .claude/agents), or agent files named one by one.',
      );
    found.push(...agents);
  }
  const paths = [...new Set(found)].sort();
  const show = (abs: string) => relative(io.cwd, abs).split(sep).join('/') || abs;
  const files = paths.map((abs) => ({ abs, path: show(abs), bytes: readAgentFile(abs, show(abs)) }));

  const fixed: Array<{ file: string; changes: string[] }> = [];
  const notFixed: Array<{ file: string; reason: string }> = [];
  if (flags.fix) {
    const [{ fixFiles }, { removeStaleTemps }] = await Promise.all([import('../lint/fix.js'), import('../lint/stale-temps.js')]);
    for (const temp of removeStaleTemps(paths)) io.output.err(`Removed ${show(temp)}, a temporary file an interrupted lint --fix left.`);
    await fixFiles(files, fixed, notFixed);
  }
  const registry = typeof flags['templates-dir'] === 'string' ? (await loadSource(flags['templates-dir'])).registry : builtinRegistry;
  // Each project's record is read once, however many of its agent files are linted.
  const stacks = new Set(await Promise.all([...new Set(paths.map(projectRootOf))].map(recordedStackOf)));
  const stackId = stacks.size === 1 ? [...stacks][0] : undefined;
  const { findings } = await checkAgentFiles(files, registry, { stackId, others: await siblings(paths) });
  sortFindings(findings);
  const what = `${files.length} agent file${files.length === 1 ? '' : 's'}`;
  if (format === 'text') {
    for (const f of fixed) io.output.out(`${paint(io.output, 'green', 'fixed')}      ${safeForTerminal(f.file)}: ${safeForTerminal(f.changes.join('; '))}`);
    for (const f of notFixed) io.output.out(`${paint(io.output, 'yellow', 'not fixed')}  ${safeForTerminal(f.file)}: ${safeForTerminal(f.reason)}`);
    if (fixed.length || notFixed.length) io.output.out('');
  }
  return reportFindings(io.output, format, findings, { extra: { files: files.length, ...(flags.fix ? { fixed, notFixed } : {}) }, what });
}
