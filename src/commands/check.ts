import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { type FlagSpec, helpLines, helpText, parseArgs } from '../args.js';
import { type Finding, sortFindings } from '../check/finding.js';
import { AGENTS_DIR, checkProject } from '../check/project.js';
import { FORMAT_FLAG, formatOf, reportFindings } from '../check/report.js';
import { diskTree } from '../check/tree.js';
import { UserError, usageError } from '../errors.js';
import { SKILLS_DIR } from '../names.js';
import { RECORD_FILE, readProjectRecord } from '../project-record.js';
import { builtinRegistry } from '../templates/builtin-registry.js';
import { loadSource } from '../templates/source.js';
import type { RegistryMeta } from '../templates/types.js';
import { COMMON_FLAGS, type CommandIO } from './common.js';

const FLAGS: FlagSpec[] = [
  FORMAT_FLAG,
  {
    name: 'with-claude',
    type: 'boolean',
    help: "Also run Claude Code's validator (claude plugin validate --strict) on the agents and skills; exit 2 without Claude Code.",
  },
  ...COMMON_FLAGS.filter((f) => f.name !== 'version'),
];

const HELP = helpText([
  'Usage: create-agents check [dir] [--json | --format <format>] [--with-claude]',
  '       create-agents check --templates-dir <dir> [--json | --format <format>]',
  '',
  'Checks a project (default: the current folder) and lists every problem with its file, line, rule id',
  'and a fix:',
  '  - .claude/agents/**/*.md: front matter present and valid YAML; name and description; name format,',
  '    uniqueness and file name; known model, color and tools (retired tools warn); every agent a body',
  '    hands work to is in the project; every skill an agent preloads (skills:) is in the project;',
  "  - .claude/skills/<name>/SKILL.md: front matter valid YAML; name (the folder's) and description;",
  '    known fields, model, context and tools;',
  '  - supabase/: config.toml parses and has project_id; functions and [functions.x] blocks match;',
  '    migration names; row level security enabled for every table a migration creates (read with',
  "    PostgreSQL's own parser);",
  '  - .create-agents.json: generated files changed since (information only);',
  '  - in a create-agents project, the names CLAUDE.md, the agents and the skills give in backticks',
  '    (drift/* rules): variables .env.example must list, paths, Edge Functions, tables, views and',
  '    database functions the migrations create, and payload keys the Edge Functions use.',
  'With --templates-dir <dir>, checks the templates and renders every stack of that folder in memory',
  '(default answers, the lead agent alone, the team without each optional agent in turn,',
  '--no-supabase, and the kit without each part and without any) and checks each render: one command',
  'for a templates CI.',
  '',
  'Options:',
  ...helpLines(FLAGS),
  '',
  'Exit codes: 0 no errors (warnings and notes allowed), 1 errors found, 2 bad input (nothing to check,',
  'or --with-claude without Claude Code).',
]);

/** `create-agents check`: the project rules, or a templates folder rendered and checked. */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.help) {
    io.output.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw usageError(`check takes at most one folder (got ${positionals.join(' ')}).`);
  const format = formatOf(flags);

  if (typeof flags['templates-dir'] === 'string') {
    if (positionals.length) throw usageError('check --templates-dir <dir> checks a templates folder; it takes no project folder.');
    if (flags['with-claude']) throw usageError('--with-claude checks a project folder, not --templates-dir.');
    const source = await loadSource(flags['templates-dir']);
    const { checkTemplates } = await import('../check/templates.js');
    const { findings, renders } = await checkTemplates(source, resolve(io.cwd, flags['templates-dir']), io.cwd);
    return reportFindings(io.output, format, sortFindings(findings), {
      extra: { templates: resolve(io.cwd, flags['templates-dir']), renders },
      what: `${renders} renders of ${source.registry.stacks.length} stacks`,
      prefix: `${relative(io.cwd, resolve(io.cwd, flags['templates-dir'])) || '.'}/`,
    });
  }

  const root = resolve(io.cwd, positionals[0] ?? '.');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw usageError(`${root} is not a folder.`, 'Name the project folder to check.');
  const tree = diskTree(root);
  const { findings, agents, skills, recorded } = await checkProject(tree, await registryOf(root));
  if (!agents && !skills && !recorded && !(await tree.list('supabase'))) {
    throw usageError(
      `${root} has nothing to check: no ${AGENTS_DIR} folder with agent files, no supabase folder and no ${RECORD_FILE}.`,
      'Name a project folder, or run create-agents lint on agent files elsewhere.',
    );
  }
  let claude: { ran: boolean; note: string } | undefined;
  if (flags['with-claude']) {
    const { validateWithClaude } = await import('../check/with-claude.js');
    const result =
      agents || skills
        ? await validateWithClaude(root, AGENTS_DIR, SKILLS_DIR)
        : { ran: true, note: "No agent or skill files: Claude Code's validator had nothing to read.", findings: [] };
    if (!result.ran)
      throw new UserError(result.note, {
        exitCode: 2,
        hint: 'Install Claude Code (npm install -g @anthropic-ai/claude-code), or run check without --with-claude.',
      });
    mergeOnce(findings, result.findings);
    claude = { ran: result.ran, note: result.note };
    sortFindings(findings);
  }
  return reportFindings(io.output, format, findings, {
    extra: { dir: root, agents, skills, ...(claude ? { claude } : {}) },
    what: `${agents} agent file${agents === 1 ? '' : 's'}${skills ? `, ${skills} skill${skills === 1 ? '' : 's'}` : ''} in ${root}`,
    note: claude?.note,
    prefix: relative(io.cwd, root) ? `${relative(io.cwd, root)}/` : '',
  });
}

/** The registry the project was made from: its recorded templates folder while it exists, else the built-in one. */
async function registryOf(root: string): Promise<RegistryMeta> {
  const record = await readProjectRecord(root).catch(() => null);
  if (!record || record.templates === 'builtin') return builtinRegistry;
  const folder = resolve(root, record.templates);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return builtinRegistry;
  return (await loadSource(folder)).registry;
}

/**
 * Adds Claude Code's findings, each problem once: where a file already has an error of ours, Claude
 * Code's words join it instead of standing as a second finding.
 */
function mergeOnce(findings: Finding[], fromClaude: Finding[]): void {
  for (const finding of fromClaude) {
    const ours = findings.find((f) => f.file === finding.file && f.severity === 'error');
    if (ours) ours.message += ` (${finding.message})`;
    else findings.push(finding);
  }
}
