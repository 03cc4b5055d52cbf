import { readdirSync, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { recordable, resolveAnswers } from '../answers.js';
import { type FlagSpec, helpLines, helpText, parseArgs } from '../args.js';
import { type JsonError, jsonError, usageError } from '../errors.js';
import { projectIdFrom, shellQuote } from '../names.js';
import { swallowedByNpm } from '../npm-create.js';
import { type Output, paint } from '../output.js';
import { buildRecord, readProjectRecord } from '../project-record.js';
import { type Answers, insideGitWorkTree, QUESTION_FLAGS } from '../questions.js';
import {
  apply,
  blockedAdvice,
  classify,
  countByStatus,
  type Entry,
  fileReport,
  printEntries,
  problemsOf,
  recordEntry,
  recordedFiles,
  resolveConflicts,
  type Status,
  writesAny,
} from '../reconcile/index.js';
import { unsafeTarget } from '../target.js';
import { loadSource } from '../templates/source.js';
import type { AppMeta, TemplateSource } from '../templates/types.js';
import { isTerminal } from '../terminal.js';
import { VERSION } from '../version.js';
import { outputWidth, plural, wrapLine } from '../words.js';
import { waitForUnlocked } from '../write/lock.js';
import { COMMON_FLAGS, type CommandIO, isInteractive } from './common.js';

export const CREATE_FLAGS: FlagSpec[] = [
  ...QUESTION_FLAGS,
  { name: 'yes', short: 'y', type: 'boolean', help: 'Take the default for every answer not given.' },
  { name: 'dry-run', type: 'boolean', help: 'Print the plan (create, unchanged, conflict, blocked) and write nothing.' },
  {
    name: 'unsafe-target',
    type: 'boolean',
    help: 'Write into your home folder or a system folder such as /opt (never /, /proc, /sys, /dev, .git or node_modules).',
  },
  { name: 'force', aliases: ['overwrite'], type: 'boolean', help: 'Overwrite files that exist with different content.' },
  ...COMMON_FLAGS,
];

/** The summary line after writing: each status a run of create can end with, in this order, when it has files. */
const SUMMARY: [Status, string][] = [
  ['create', 'created'],
  ['update', 'updated'],
  ['appended', 'appended'],
  ['merged', 'merged'],
  ['overwrite', 'overwritten'],
  ['unchanged', 'unchanged'],
  ['kept', 'kept'],
  ['skip', 'skipped'],
];

export interface CreateResult {
  ok: boolean;
  error?: JsonError;
  dryRun: boolean;
  dir: string;
  stack: string;
  answers: Omit<Answers, 'dir'>;
  files: ReturnType<typeof fileReport>;
  summary: Record<Status, number>;
  git: string;
  nextSteps: string[];
}

export function createHelp(source: TemplateSource): string {
  return helpText([
    'Usage: create-agents [dir] [options]',
    '       create-agents <command> [options]',
    '       (commands: check, lint, list, add, update, plugin; each has --help)',
    '',
    'Renders a team of Claude Code agents (.claude/agents/*.md), a CLAUDE.md and a Supabase starter',
    'for the chosen stack into dir. On a terminal it asks for what is not given; without one it never',
    'waits: pass --stack and a folder, or --yes for the defaults.',
    '',
    'Options:',
    ...helpLines(CREATE_FLAGS),
    '',
    'Stacks:',
    ...source.registry.stacks.map((s) => `  ${s.id.padEnd(12)}${s.description}${s.id === source.registry.defaultStack ? ' (default)' : ''}`),
    '',
    'Exit codes: 0 done, 1 conflicts, blocked files or a failed write (nothing changed), 2 bad input, 130 interrupted.',
    '',
    'Examples:',
    '  npx create-agents my-chat --stack react-chat --yes',
    '  npx create-agents . -t vue-crm --agents test-engineer --model opus --dry-run',
    '',
    'With a package manager (npm needs -- before the options, or keeps them):',
    '  npm create agents -- my-crm --stack vue-crm --yes',
    '  pnpm create agents my-crm --stack vue-crm --yes',
    '  yarn create agents my-crm --stack vue-crm --yes',
  ]);
}

function nextSteps(root: string, cwd: string, answers: Answers, app: AppMeta | undefined): string[] {
  const rel = relative(cwd, root);
  return [
    ...(rel ? [`cd ${shellQuote(rel.startsWith('-') ? `./${rel}` : rel)}`] : []),
    'Open the folder in Claude Code (`claude`) and run /agents to see the team.',
    ...(answers.supabase ? ['npx supabase start   # local Supabase (needs Docker), applies migrations and seed.sql'] : []),
    ...(app ? [`The ${app.framework} app is not generated: "The app" in CLAUDE.md says how to create it in this folder.`] : []),
    'Read CLAUDE.md: the team, the conventions and the commands.',
  ];
}

/** What the project now holds, in a few lines (every file with --verbose). */
function printOverview(output: Output, entries: Entry[], lead: string) {
  const kept = entries.filter((e) => e.status !== 'skip').map((e) => e.path);
  const agents = kept.filter((p) => p.startsWith('.claude/agents/')).map((p) => p.slice(15, -3));
  const migrations = kept.filter((p) => p.startsWith('supabase/migrations/'));
  const functions = [...new Set(kept.map((p) => /^supabase\/functions\/([^/_][^/]*)\//.exec(p)?.[1]).filter(Boolean))];
  const top = kept.filter((p) => !p.includes('/'));
  const team = agents.map((a) => (a === lead ? `${a} (lead)` : a));
  output.out(`  ${paint(output, 'bold', 'agents')}    ${agents.length} in .claude/agents/: ${team.join(', ')}`);
  if (migrations.length || functions.length) {
    output.out(
      `  ${paint(output, 'bold', 'supabase')}  config.toml, ${plural(migrations.length, 'migration')}, seed.sql${functions.length ? `, functions: ${functions.join(', ')}` : ''}`,
    );
  }
  output.out(`  ${paint(output, 'bold', 'files')}     ${top.join(', ')}`);
}

/** Why a run stopped before writing, for --json. */
function stopped({ conflict, blocked }: Record<Status, number>): JsonError {
  const what = [conflict ? `${plural(conflict, 'file')} in conflict` : '', blocked ? `${plural(blocked, 'path')} blocked` : ''].filter(Boolean);
  const hints = [conflict ? 'Re-run with --force to overwrite the files in conflict, or move them aside.' : '', blocked ? blockedAdvice(blocked) : ''];
  return jsonError(`Nothing written: ${what.join(', ')}.`, 1, hints.filter(Boolean).join(' '));
}

export async function runCreate(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, CREATE_FLAGS);
  const source = await loadSource(flags['templates-dir']);
  if (flags.help) {
    io.output.out(createHelp(source));
    return 0;
  }
  const corrected = swallowedByNpm(positionals, CREATE_FLAGS, source.registry);
  if (corrected) {
    throw usageError(
      `npm kept the options for itself and passed only "${positionals.join(' ')}" to create-agents.`,
      `Put -- before the options so that npm passes them on:\n  ${corrected}`,
    );
  }
  if (positionals.length > 1) {
    throw usageError(`Expected at most one folder, got ${positionals.length}: ${positionals.join(' ')}.`, 'Quote a folder name that has spaces.');
  }
  const json = flags.json === true;
  const interactive = isInteractive(json);
  // On a terminal, which create-agents answers: the first line, as create-* tools print it.
  if (interactive) io.output.out(`${paint(io.output, 'bold', 'create-agents')} v${VERSION}`);
  const answers = await resolveAnswers({
    registry: source.registry,
    flags,
    dir: positionals[0],
    interactive,
    yes: flags.yes === true,
    cwd: io.cwd,
  });
  const root = resolve(io.cwd, answers.dir);
  const unsafe = unsafeTarget(root);
  if (unsafe && !(unsafe.overridable && flags['unsafe-target'] === true)) {
    throw usageError(
      `Refusing to write a project into ${root}: it ${unsafe.reason}.`,
      `Name a project folder of its own, for example ${unsafe.example}${unsafe.overridable ? ', or pass --unsafe-target to write there anyway' : ''}.`,
    );
  }
  const existing = statSync(root, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) {
    throw usageError(`${root} exists and is not a folder.`, 'Name a new folder or an existing one.');
  }
  // Bootstrapping an existing repository is a use of its own: a notice, not a question.
  const held = existing ? readdirSync(root).length : 0;
  if (held && !json) {
    io.output.err(
      `Note: ${root} already holds ${plural(held, 'entry', 'entries')}; nothing in it is touched without a conflict (a .gitignore or .env.example only gains lines, a .claude/settings.json only gains rules).`,
    );
  }

  const projectId = projectIdFrom(basename(root));
  const dryRun = flags['dry-run'] === true;
  // The renderer (with the YAML library) loads only for a run that renders: not for --help or bad input.
  const { renderProject } = await import('../render/project.js');
  // A folder create-agents wrote before keeps its migrations' names: running again adds no second copy.
  // The record is read once another run writing here is done.
  if (existing) await waitForUnlocked(root);
  const previous = await readProjectRecord(root).catch(() => null);
  const files = await renderProject(source, answers, projectId, { now: new Date(), recorded: previous?.migrations });
  const entries = await classify({ root, files });
  await resolveConflicts(entries, { force: flags.force === true, ask: interactive && !dryRun });
  const record = { ...buildRecord(source, answers, files, { root, projectId }), files: recordedFiles(entries) };
  const all = [...entries, await recordEntry(root, record)];
  const problems = problemsOf(all);
  // A repository whose init never finished is not one: the init runs again and completes it.
  const wasRepo = insideGitWorkTree(root) && !(await import('../git.js')).unfinishedInit(root);

  const result: CreateResult = {
    ok: problems.length === 0,
    dryRun,
    dir: root,
    stack: answers.stack,
    answers: recordable(answers),
    files: fileReport(all),
    summary: countByStatus(all),
    git: 'not requested',
    nextSteps: nextSteps(root, io.cwd, answers, source.registry.stacks.find((s) => s.id === answers.stack)?.app),
  };

  // Any conflict or blocked file stops the run before it writes anything.
  if (dryRun || problems.length) {
    result.nextSteps = [];
    if (problems.length) result.error = stopped(result.summary);
    if (json) io.output.out(JSON.stringify(result, null, 2));
    else {
      io.output.out(`${dryRun ? 'Dry run: nothing written.' : 'Nothing written.'} Plan for ${root} (stack ${answers.stack}):`);
      printEntries(io.output, all);
      const { conflict, blocked } = result.summary;
      if (conflict)
        io.output.err(
          `\n${conflict} file${conflict > 1 ? 's' : ''} would overwrite content that differs from the templates. Re-run with --force to overwrite them, or move them aside.`,
        );
      if (blocked) io.output.err(`${conflict ? '' : '\n'}${blockedAdvice(blocked)}`);
    }
    return problems.length ? 1 : 0;
  }

  await apply(root, all);
  if (wasRepo) result.git = 'already inside a git repository';
  else if (answers.git) {
    const failure = await (await import('../git.js')).gitInit(root);
    result.git = failure ? `failed: ${failure}` : 'initialised';
    if (failure && !json) io.output.err(`Warning: git init failed (${failure}); the files are written.`);
  }
  result.summary = countByStatus(all);
  result.files = fileReport(all);
  if (!writesAny(all)) result.nextSteps = [];
  if (json) {
    io.output.out(JSON.stringify(result, null, 2));
    return 0;
  }
  // The report goes out in one write.
  const lines: string[] = [];
  const report: Output = { color: io.output.color, out: (text) => void lines.push(text), err: io.output.err };
  const s = result.summary;
  report.out(`${paint(report, 'green', 'Done.')} ${answers.stack} agents in ${root}`);
  if (flags.verbose) printEntries(report, all);
  else {
    printOverview(report, all, source.registry.stacks.find((st) => st.id === answers.stack)!.lead);
    printEntries(
      report,
      all.filter((e) => e.status === 'overwrite' || e.status === 'skip' || e.status === 'appended' || e.status === 'merged'),
    );
  }
  const done = SUMMARY.filter(([status]) => s[status]).map(([status, word]) => `${s[status]} ${word}`);
  report.out(`  ${[...done, ...(result.git === 'initialised' ? ['git initialised'] : [])].join(', ')}`);
  report.out('\nNext steps:');
  for (const step of result.nextSteps) report.out(`  ${step}`);
  // Wrapped at word boundaries here, so that a terminal never breaks a name in two.
  const width = outputWidth(io.output.color || isTerminal(1));
  io.output.out(
    lines
      .flatMap((line) => line.split('\n'))
      .flatMap((line) => wrapLine(line, width))
      .join('\n'),
  );
  return 0;
}
