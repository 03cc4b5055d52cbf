import { type FlagSpec, helpLines, helpText, parseArgs } from '../args.js';
import { jsonError, usageError } from '../errors.js';
import { paint } from '../output.js';
import {
  apply,
  blockedAdvice,
  classify,
  countByStatus,
  fileReport,
  printEntries,
  problemsOf,
  recordedFiles,
  recordToRewrite,
  resolveConflicts,
  writesAny,
} from '../reconcile/index.js';
import { answersFor, assertRecordUnchanged, openProject, planAgainIfRecordChanged } from '../recorded-project.js';
import { renderProject } from '../render/project.js';
import { COMMON_FLAGS, type CommandIO, isInteractive } from './common.js';

const FLAGS: FlagSpec[] = [
  { name: 'dry-run', type: 'boolean', help: 'Print what would change and write nothing.' },
  { name: 'force', type: 'boolean', help: 'Overwrite files you edited since they were generated.' },
  ...COMMON_FLAGS.filter((f) => f.name !== 'version'),
];

const HELP = helpText([
  'Usage: create-agents add <agent> [dir] [--dry-run] [--force] [--json]',
  '',
  "Adds one agent of the project's stack (recorded in .create-agents.json) to an existing project",
  '(default: the current folder): writes the new agent file, and re-renders the files whose text',
  'depends on the team (the other agents gain the handoff sentences that name the new member,',
  'CLAUDE.md lists it). A file you edited since it was generated is a conflict, left as it is,',
  'unless --force; create-agents update merges instead. A file you deleted stays deleted; a link, a',
  'folder or a special file in the way is blocked (nothing written).',
  '',
  'Options:',
  ...helpLines(FLAGS),
  '',
  'Exit codes: 0 done, 1 conflicts or blocked files (nothing written), 2 bad input (an agent the stack does not have).',
]);

/** `create-agents add <agent> [dir]`: one more team member, and the files that name the team. */
export function run(argv: string[], io: CommandIO): Promise<number> {
  return planAgainIfRecordChanged(() => runOnce(argv, io));
}

async function runOnce(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.help) {
    io.output.out(HELP);
    return 0;
  }
  const [agent, dir, ...rest] = positionals;
  if (!agent)
    throw usageError('add needs the name of the agent to add.', "Usage: create-agents add <agent> [dir]. See create-agents list for each stack's agents.");
  if (rest.length) throw usageError(`add takes an agent and at most one folder (got ${positionals.join(' ')}).`);
  const json = flags.json === true;
  const dryRun = flags['dry-run'] === true;
  const project = await openProject(io.cwd, dir, flags['templates-dir']);
  const { root, record, source, stack } = project;
  const valid = stack.agents.map((a) => a.name);
  if (!valid.includes(agent)) throw usageError(`Stack ${stack.id} has no agent "${agent}".`, `Valid agents: ${valid.join(', ')}.`);

  const before = await answersFor(project, {}, io.cwd);
  const team = new Set([stack.lead, ...before.agents]);
  const after = { ...before, agents: valid.filter((n) => team.has(n) || n === agent) };
  const migrations = { now: new Date(), recorded: record.migrations };
  const [oldFiles, newFiles] = await Promise.all([
    renderProject(source, before, project.projectId, migrations),
    renderProject(source, after, project.projectId, migrations),
  ]);
  const old = new Map(oldFiles.map((f) => [f.path, f.content]));
  const agentPath = `.claude/agents/${agent}.md`;
  // The run is about the new agent's file and the files whose text the new member changes; the rest
  // of the project is left as it is, your edits included.
  const now = new Map(newFiles.map((f) => [f.path, f.content]));
  const entries = await classify({ root, files: newFiles, recorded: record.files, scope: (path) => path === agentPath || old.get(path) !== now.get(path) });
  // Adding an agent whose file you once deleted brings it back: that is what was asked for.
  for (const e of entries) if (e.path === agentPath && e.status === 'deleted') Object.assign(e, { status: 'create', reason: undefined });
  await resolveConflicts(entries, { force: flags.force === true, ask: isInteractive(json) && !dryRun });

  const problems = problemsOf(entries);
  const already = team.has(agent) && !writesAny(entries);
  const result = {
    ok: problems.length === 0,
    dryRun,
    dir: root,
    stack: stack.id,
    agent,
    alreadyInTeam: team.has(agent),
    files: fileReport(entries),
    summary: countByStatus(entries),
  };

  if (dryRun || problems.length || already) {
    if (json) {
      const { conflict, blocked } = result.summary;
      const error = problems.length
        ? jsonError(
            `Nothing written: ${[conflict ? `${conflict} file(s) in conflict` : '', blocked ? `${blocked} path(s) blocked` : ''].filter(Boolean).join(', ')}.`,
            1,
            conflict ? 'Re-run with --force to overwrite them, or use create-agents update to merge.' : blockedAdvice(blocked),
          )
        : undefined;
      io.output.out(JSON.stringify({ ...result, ...(error ? { error } : {}) }, null, 2));
    } else {
      io.output.out(
        already && !problems.length
          ? `${agent} is already in the team of ${root}; nothing to do.`
          : `${dryRun ? 'Dry run: nothing written.' : 'Nothing written.'} Adding ${agent} to ${root}:`,
      );
      printEntries(io.output, entries);
      const { conflict, blocked } = result.summary;
      if (conflict)
        io.output.err(`\n${conflict} file(s) changed since they were generated. Re-run with --force to overwrite them, or use create-agents update to merge.`);
      if (blocked) io.output.err(`${conflict ? '' : '\n'}${blockedAdvice(blocked)}`);
    }
    return problems.length ? 1 : 0;
  }

  // The record keeps its version and templates: the files add did not touch are still theirs.
  // The kit is written out too: a record made before --kit existed reads as the whole kit, as it was rendered.
  const next = { ...record, answers: { ...record.answers, agents: after.agents, kit: after.kit }, files: recordedFiles(entries, record.files) };
  const recordOnDisk = await recordToRewrite(root, next, 'add');
  assertRecordUnchanged(project, recordOnDisk, 'add');
  await apply(root, [...entries, recordOnDisk]);
  Object.assign(result, { files: fileReport(entries), summary: countByStatus(entries) });

  if (json) io.output.out(JSON.stringify(result, null, 2));
  else {
    io.output.out(`${paint(io.output, 'green', 'Added')} ${agent} to ${root}:`);
    printEntries(io.output, entries);
  }
  return 0;
}
