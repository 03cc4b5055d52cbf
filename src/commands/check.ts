import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { helpLines, parseArgs, type FlagSpec } from '../args.js';
import { countBySeverity, sortFindings, type Finding } from '../check/finding.js';
import { AGENTS_DIR, checkProject } from '../check/project.js';
import { printFindings, summaryLine } from '../check/report.js';
import { diskTree } from '../check/tree.js';
import { usageError } from '../errors.js';
import { paint } from '../output.js';
import { builtinRegistry } from '../templates/builtin-registry.js';
import { loadSource } from '../templates/source.js';
import { COMMON_FLAGS, type CommandIO } from './common.js';

const FLAGS: FlagSpec[] = [
  { name: 'with-claude', type: 'boolean', help: "Also run Claude Code's validator (claude plugin validate --strict) when claude is installed." },
  ...COMMON_FLAGS.filter((f) => f.name !== 'version'),
];

const HELP = [
  'Usage: create-agents check [dir] [--json] [--with-claude]',
  '       create-agents check --templates <dir> [--json]',
  '',
  'Checks a project (default: the current folder) and lists every problem with its file, line, rule id',
  'and a fix:',
  '  - .claude/agents/**/*.md: front matter present and valid YAML; name and description; name format,',
  '    uniqueness and file name; known model, color and tools (retired tools warn); every agent a body',
  '    hands work to is in the project;',
  '  - supabase/: config.toml parses and has project_id; functions and [functions.x] blocks match;',
  '    migration names; row level security enabled for every table a migration creates (read with',
  "    PostgreSQL's own parser);",
  '  - .create-agents.json: generated files changed since (information only).',
  'With --templates <dir>, renders every stack of that templates folder in memory (default answers,',
  'the lead agent alone, and --no-supabase) and checks the output: one command for a templates CI.',
  '',
  'Options:',
  ...helpLines(FLAGS),
  '',
  'Exit codes: 0 no errors (warnings and notes allowed), 1 errors found, 2 bad input.',
].join('\n');

/** `create-agents check`: the project rules, or a templates folder rendered and checked. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.help) return io.output.out(HELP), 0;
  if (positionals.length > 1) throw usageError(`check takes at most one folder (got ${positionals.join(' ')}).`);
  const json = flags.json === true;

  if (typeof flags.templates === 'string') {
    if (positionals.length) throw usageError('check --templates <dir> checks a templates folder; it takes no project folder.');
    if (flags['with-claude']) throw usageError('--with-claude checks a project folder, not --templates.');
    const source = await loadSource(flags.templates);
    const { checkTemplates } = await import('../check/templates.js');
    const { findings, renders } = await checkTemplates(source, io.cwd);
    return finish(io, json, sortFindings(findings), { templates: resolve(io.cwd, flags.templates), renders }, `${renders} renders of ${source.registry.stacks.length} stacks`);
  }

  const root = resolve(io.cwd, positionals[0] ?? '.');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw usageError(`${root} is not a folder.`, 'Name the project folder to check.');
  const { findings, agents } = await checkProject(diskTree(root), builtinRegistry);
  let claude: { ran: boolean; note: string } | undefined;
  if (flags['with-claude']) {
    const { validateWithClaude } = await import('../check/with-claude.js');
    const result = agents ? await validateWithClaude(root, AGENTS_DIR) : { ran: false, note: 'No agent files: Claude Code\'s validator was not run.', findings: [] };
    findings.push(...result.findings);
    claude = { ran: result.ran, note: result.note };
    sortFindings(findings);
  }
  return finish(io, json, findings, { dir: root, agents, ...(claude ? { claude } : {}) }, `${agents} agent file${agents === 1 ? '' : 's'} in ${root}`, claude?.note);
}

function finish(io: CommandIO, json: boolean, findings: Finding[], extra: Record<string, unknown>, what: string, note?: string): number {
  const summary = countBySeverity(findings);
  const ok = summary.error === 0;
  if (json) {
    io.output.out(JSON.stringify({ ok, ...extra, summary, findings }, null, 2));
    return ok ? 0 : 1;
  }
  printFindings(io.output, findings);
  if (note) io.output.out(note);
  const line = findings.length ? `${summaryLine(findings)} (${what}).` : `No problems (${what}).`;
  io.output.out(paint(io.output, ok ? 'green' : 'red', line));
  return ok ? 0 : 1;
}
