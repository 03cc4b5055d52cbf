import { type FlagSpec, helpLines, helpText, parseArgs } from '../args.js';
import { jsonError, usageError } from '../errors.js';
import { shellQuote } from '../names.js';
import { paint } from '../output.js';
import { buildRecord } from '../project-record.js';
import { QUESTION_FLAGS } from '../questions.js';
import { apply, classify, countByStatus, type Entry, fileReport, printEntries, problemsOf, QUIET, recordedFiles, recordToRewrite } from '../reconcile/index.js';
import { answersFor, assertRecordUnchanged, openProject, planAgainIfRecordChanged, type RecordedProject } from '../recorded-project.js';
import { renderProject } from '../render/project.js';
import { safeForTerminal } from '../terminal-text.js';
import { findBases } from '../update/base.js';
import { MARKERS } from '../update/markers.js';
import { mergeEdits } from '../update/merge-edits.js';
import { VERSION } from '../version.js';
import { COMMON_FLAGS, type CommandIO, isInteractive } from './common.js';

/** Answers that can change on update; the stack and git cannot. */
const ANSWER_FLAGS = QUESTION_FLAGS.filter((f) => f.name !== 'stack' && f.name !== 'git');

const FLAGS: FlagSpec[] = [
  ...ANSWER_FLAGS,
  { name: 'dry-run', type: 'boolean', help: 'Print what would change and write nothing.' },
  {
    name: 'base-from-npm',
    type: 'boolean',
    help: 'When the project was made by another version, install and run that version (npx) to rebuild the base.',
  },
  { name: 'offline', type: 'boolean', help: 'Run no other version of create-agents (the default; kept for scripts).' },
  ...COMMON_FLAGS.filter((f) => f.name !== 'version'),
];

const HELP = helpText([
  'Usage: create-agents update [dir] [--dry-run] [answer options]',
  '',
  'Brings a project (default: the current folder) up to the current templates and answers without',
  'losing your edits. It re-renders with the answers recorded in .create-agents.json, plus any given',
  'now (e.g. --model opus, --agents a,b, --kit settings). A file you never edited is replaced; a file you edited is',
  'merged three ways (base: what was generated then; yours; the new render): clean merges are',
  'written, overlapping changes are written between',
  `"${MARKERS.yours}" / "${MARKERS.split}" / "${MARKERS.theirs}" markers and listed (exit 1).`,
  'A file you deleted stays deleted; a file the templates no longer have is reported, not deleted.',
  'The base is rendered in process from this version or the recorded templates folder. A project made',
  'by another version has no base unless --base-from-npm, which runs npx --yes create-agents@<version>',
  '(on a terminal, update shows that command and asks first; never in a dry run); without a base,',
  'every difference is marked two ways, and update says so.',
  'Everything is written or nothing is.',
  '',
  'Options:',
  ...helpLines(FLAGS),
  '',
  'Exit codes: 0 done, 1 conflicts marked or files blocked (or a failed write: nothing changed), 2 bad input',
  '(a damaged record included), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).',
]);

/** `create-agents update [dir]`: re-render, merge your edits, rewrite the record. */
export function run(argv: string[], io: CommandIO): Promise<number> {
  return planAgainIfRecordChanged(() => runOnce(argv, io));
}

async function runOnce(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.help) {
    io.output.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw usageError(`update takes at most one folder (got ${positionals.join(' ')}).`);
  const json = flags.json === true;
  const dryRun = flags['dry-run'] === true;
  const project = await openProject(io.cwd, positionals[0], flags['templates-dir']);
  const { root, record, source } = project;
  const answerFlags = Object.fromEntries(Object.entries(flags).filter(([k]) => ANSWER_FLAGS.some((f) => f.name === k)));
  const answers = await answersFor(project, answerFlags, io.cwd);

  const [rendered, bases] = await Promise.all([
    renderProject(source, answers, project.projectId, { now: new Date(), recorded: record.migrations }),
    findBases(project, io.cwd, { fromNpm: !dryRun && flags.offline !== true && (flags['base-from-npm'] === true || (await askForNpmBase(project, json))) }),
  ]);
  const entries = await classify({ root, files: rendered, recorded: record.files, edited: mergeEdits(bases.files), bases: bases.files });
  const twoWay = entries.filter((e) => e.twoWay).map((e) => e.path);
  if (twoWay.length) bases.notes.push(`no base for ${twoWay.join(', ')}: every difference is marked (two-way)`);
  const problems = problemsOf(entries);

  const next = { ...buildRecord(source, answers, rendered, { root, projectId: project.projectId }), files: recordedFiles(entries, record.files) };
  const result = {
    ok: problems.length === 0,
    dryRun,
    dir: root,
    stack: record.stack,
    from: { version: record.version, templates: record.templates },
    to: { version: VERSION, templates: next.templates },
    base: bases.notes,
    files: fileReport(entries),
    summary: countByStatus(entries),
  };

  // Conflicts do not stop update: they are written with markers for you to resolve.
  if (!dryRun) {
    const recordOnDisk = await recordToRewrite(root, next, 'update');
    assertRecordUnchanged(project, recordOnDisk, 'update');
    await apply(root, [...entries, recordOnDisk]);
  }

  if (json) io.output.out(JSON.stringify(problems.length ? { ...result, error: updateError(result.summary, dryRun) } : result, null, 2));
  else print(io, entries, result, flags.verbose === true);
  return problems.length ? 1 : 0;
}

/** What an update that ends with problems left to you, for --json. */
function updateError({ conflict, blocked }: Record<string, number>, dryRun: boolean) {
  const what = [
    conflict ? `${conflict} file(s) ${dryRun ? 'would get' : 'have'} conflict markers` : '',
    blocked ? `${blocked} file(s) ${dryRun ? 'cannot' : 'could not'} be written (blocked)` : '',
  ].filter(Boolean);
  const hint = conflict ? 'Resolve the markers by hand, then run create-agents check.' : 'Replace or remove the blocked paths, then run update again.';
  return jsonError(`${what.join('; ')}.`, 1, hint);
}

/**
 * On a terminal, when the project was made by another version of create-agents, asks whether to run
 * that version from npm to rebuild the base, showing the exact command; elsewhere the answer is no.
 */
async function askForNpmBase(project: RecordedProject, json: boolean): Promise<boolean> {
  const { record } = project;
  if (record.templates !== 'builtin' || record.version === VERSION || !isInteractive(json)) return false;
  const { npxArgs } = await import('../update/old-version.js');
  const command = ['npx', ...npxArgs(record.version, record.answers, project.projectId)].map(shellQuote).join(' ');
  const { default: confirm } = await import('@inquirer/confirm');
  return confirm({
    message: `The project was made by create-agents ${safeForTerminal(record.version)}. Install and run it from npm to rebuild the merge base?\n  ${safeForTerminal(command)}\n`,
    default: false,
  });
}

function print(
  io: CommandIO,
  entries: Entry[],
  result: { dryRun: boolean; dir: string; from: { version: string }; to: { version: string }; base: string[] },
  verbose: boolean,
) {
  const out = io.output;
  out.out(`${result.dryRun ? 'Dry run: nothing written. ' : ''}Update of ${result.dir} (create-agents ${result.from.version} -> ${result.to.version}):`);
  printEntries(out, entries, verbose ? undefined : QUIET);
  for (const note of result.base) out.out(paint(out, 'dim', `  ${note}`));
  const conflicts = entries.filter((e) => e.status === 'conflict');
  if (conflicts.length) {
    out.err(
      `\n${conflicts.length} file(s) ${result.dryRun ? 'would get' : 'have'} conflict markers (${MARKERS.yours} ... ${MARKERS.theirs}): resolve them by hand, then run create-agents check.`,
    );
  }
  if (entries.some((e) => e.status === 'blocked')) {
    out.err(`Some files ${result.dryRun ? 'cannot' : 'could not'} be written (BLOCKED above): replace or remove them, then run update again.`);
  }
}
