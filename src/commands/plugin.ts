import { readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { type FlagSpec, helpLines, helpText, parseArgs } from '../args.js';
import { jsonError, UserError, usageError } from '../errors.js';
import { slugify } from '../names.js';
import { paint } from '../output.js';
import { FIRST_VERSION, nextVersion, PLUGIN_NAME, type PluginFacts } from '../plugin/manifest.js';
import { newOutRecord, OUT_RECORD_FILE, type OutRecord, outRecordText, readOutRecord } from '../plugin/out-record.js';
import { planPlugin } from '../plugin/plan.js';
import { readTeamFiles } from '../plugin/team-files.js';
import { type ProjectRecord, RECORD_FILE, readProjectRecordBytes } from '../project-record.js';
import { apply, blockedAdvice, classify, countByStatus, type Entry, fileReport, printEntries, problemsOf, QUIET, recordedFiles } from '../reconcile/index.js';
import { unsafeTarget } from '../target.js';
import { builtinRegistry } from '../templates/builtin-registry.js';
import { waitForUnlocked } from '../write/lock.js';
import { COMMON_FLAGS, type CommandIO } from './common.js';

const FLAGS: FlagSpec[] = [
  { name: 'out', type: 'string', value: '<folder>', help: 'Where to write the plugin (required): a new or empty folder, or one this command wrote before.' },
  { name: 'marketplace', type: 'string', value: '<name>', help: 'Write a marketplace of that name (kebab-case) with the plugin in plugins/<plugin>/.' },
  { name: 'dry-run', type: 'boolean', help: 'Print what would change and write nothing.' },
  { name: 'author', type: 'string', value: '<name>', help: "The plugin's author and the marketplace's owner; default: the project's display name." },
  ...COMMON_FLAGS.filter((f) => f.name !== 'version' && f.name !== 'templates-dir'),
];

const HELP = helpText([
  'Usage: create-agents plugin [dir] --out <folder> [--marketplace <name>] [--author <name>] [--dry-run]',
  '',
  'Writes the team of a project create-agents made (default: the current folder) as a Claude Code',
  'plugin: .claude-plugin/plugin.json (name from the project, version, description, author), agents/',
  'from .claude/agents, skills/ from .claude/skills and .mcp.json, as they are now, your edits included.',
  'With --marketplace, the folder is a marketplace (.claude-plugin/marketplace.json) with the plugin in',
  'plugins/<plugin>/: push it as a repository and add it with /plugin marketplace add.',
  '',
  'Run it again to update the plugin: a run that changes its files bumps the patch version (0.1.0,',
  '0.1.1, ...) in plugin.json and the marketplace entry; a run that changes nothing writes nothing.',
  'Files in the folder that this command did not write are never overwritten or deleted; a file it',
  'wrote and you edited is a conflict (nothing written); a file the project no longer has is dropped',
  'from the record and left in place.',
  '',
  'Options:',
  ...helpLines(FLAGS),
  '',
  'Exit codes: 0 done, 1 conflicts or blocked files (nothing written), 2 bad input (not a create-agents',
  'project, a folder of other files as --out, a bad name).',
]);

/** The plugin's name: the project's display name in kebab-case (its stack when that leaves nothing). */
function pluginName(record: ProjectRecord): string {
  const name = slugify(record.answers.name);
  return PLUGIN_NAME.test(name) ? name : record.stack;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(record: ProjectRecord, agents: number, skills: number): string {
  const stack = builtinRegistry.stacks.find((s) => s.id === record.stack);
  const what = `${plural(agents, 'agent')}${skills ? `, ${plural(skills, 'skill')}` : ''}`;
  return `The ${record.answers.name} team of Claude Code agents for the ${record.stack} stack: ${what}.${stack ? ` ${stack.description}.` : ''}`;
}

/** Why `out` cannot take the plugin, or null: a folder holding files this command did not write. */
function foreignFolder(out: string, previous: OutRecord | null): string | null {
  const stats = statSync(out, { throwIfNoEntry: false });
  if (!stats) return null;
  if (!stats.isDirectory()) return `${out} is not a folder.`;
  if (previous) return null;
  const entries = readdirSync(out);
  return entries.length
    ? `${out} holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} that create-agents plugin did not write (no ${OUT_RECORD_FILE}).`
    : null;
}

/** `create-agents plugin [dir] --out <folder>`: the project's team as a Claude Code plugin (and marketplace). */
export async function run(argv: string[], io: CommandIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.help) {
    io.output.out(HELP);
    return 0;
  }
  if (positionals.length > 1) throw usageError(`plugin takes at most one project folder (got ${positionals.join(' ')}).`);
  const json = flags.json === true;
  if (typeof flags.out !== 'string' || !flags.out)
    throw usageError('plugin needs --out <folder>: where to write the plugin.', 'Example: create-agents plugin --out ../my-team-plugin');
  const marketplace = typeof flags.marketplace === 'string' ? flags.marketplace : undefined;
  if (marketplace !== undefined && !PLUGIN_NAME.test(marketplace))
    throw usageError(`--marketplace ${JSON.stringify(marketplace)} is not a marketplace name.`, 'Use lowercase letters, digits and hyphens, e.g. acme-agents.');

  const root = resolve(io.cwd, positionals[0] ?? '.');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw usageError(`${root} is not a folder.`, 'Name the project folder.');
  const project = readProjectRecordBytes(root);
  if (!project)
    throw usageError(
      `${root} is not a create-agents project: it has no ${RECORD_FILE}.`,
      'Run this in a project create-agents made, or name its folder: create-agents plugin <dir> --out <folder>.',
    );
  const { record } = project;

  const out = resolve(io.cwd, flags.out);
  const unsafe = unsafeTarget(out);
  if (unsafe) throw usageError(`--out ${out} ${unsafe.reason}.`, `Pick a folder of its own, e.g. ${unsafe.example}.`);
  if (out === root || root.startsWith(`${out}${sep}`))
    throw usageError(`--out ${out} holds the project itself.`, 'Pick a folder outside the project, e.g. ../my-team-plugin.');
  // The team is read from .claude/: a plugin written there would be read back into the next one.
  const claudeDir = join(root, '.claude');
  if (out === claudeDir || out.startsWith(`${claudeDir}${sep}`))
    throw usageError(
      `--out ${out} is inside the project's .claude folder, where the team is read from.`,
      'Pick a folder outside .claude, e.g. ../my-team-plugin.',
    );
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory() === false) throw usageError(`--out ${out} is not a folder.`, 'Name a new or empty folder.');
  const previous = readOutRecord(out);
  const foreign = foreignFolder(out, previous);
  if (foreign) throw usageError(foreign, 'Pick a new or empty folder for --out; create-agents never writes among files it did not write.');
  if (previous && (previous.marketplace ?? null) !== (marketplace ?? null)) {
    throw usageError(
      previous.marketplace
        ? `${out} holds the marketplace ${previous.marketplace}: pass --marketplace ${previous.marketplace} to update it.`
        : `${out} holds a plugin without a marketplace: leave --marketplace out to update it, or pick another folder.`,
    );
  }

  const name = pluginName(record);
  // Another project's plugin is not this one's to update: its files would be replaced by this team.
  if (previous && previous.plugin !== name) {
    throw usageError(
      `${out} holds the plugin ${previous.plugin}; this project's plugin is ${name}.`,
      'Write each project into a folder of its own (--out), or name the project as before (create-agents update --name).',
    );
  }

  await waitForUnlocked(root);
  const team = readTeamFiles(root);
  if (!team.agents.length)
    throw usageError(`${root} has no agent files in .claude/agents: there is no team to write.`, 'Run create-agents add <agent>, or restore the agent files.');
  const author = typeof flags.author === 'string' && flags.author.trim() ? flags.author.trim() : record.answers.name;
  const facts = (version: string): PluginFacts => ({
    name,
    version,
    description: describe(record, team.agents.length, team.skills.length),
    author,
  });
  const plan = async (version: string) => {
    const list = await classify({ root: out, files: planPlugin(team, facts(version), marketplace), recorded: previous?.files });
    // The folder is output: a file of the plugin deleted there comes back from the project.
    for (const e of list) if (e.status === 'deleted') Object.assign(e, { status: 'create', reason: undefined });
    return list;
  };

  // The version moves only when the plugin's files do: the same files keep the recorded version.
  const recordedVersion = previous?.pluginVersion ?? FIRST_VERSION;
  let version = recordedVersion;
  let entries = await plan(version);
  const changes = (list: Entry[]) => list.some((e) => e.status !== 'unchanged');
  if (previous && changes(entries)) {
    version = nextVersion(recordedVersion);
    entries = await plan(version);
  }

  const problems = problemsOf(entries);
  const plugin = facts(version);
  const dryRun = flags['dry-run'] === true;
  const result = {
    ok: problems.length === 0,
    dryRun,
    dir: root,
    out,
    plugin: { name: plugin.name, version, ...(previous ? { previousVersion: recordedVersion } : {}), agents: team.agents, skills: team.skills, mcp: team.mcp },
    ...(marketplace ? { marketplace } : {}),
    files: fileReport(entries),
    summary: countByStatus(entries),
  };
  if (problems.length) {
    const { conflict, blocked } = result.summary;
    const message = `Nothing written: ${[conflict ? `${conflict} file(s) in ${out} changed since create-agents plugin wrote them` : '', blocked ? `${blocked} path(s) blocked` : ''].filter(Boolean).join(', ')}.`;
    const hint = conflict
      ? `Undo your edits there (or move the files away) and run again; your changes belong in the project, ${root}.`
      : blockedAdvice(blocked);
    if (json) io.output.out(JSON.stringify({ ...result, error: jsonError(message, 1, hint) }, null, 2));
    else {
      io.output.out(message);
      printEntries(io.output, problems);
      io.output.err(hint);
    }
    return 1;
  }

  if (dryRun) {
    if (json) io.output.out(JSON.stringify(result, null, 2));
    else {
      io.output.out(`Dry run: nothing written. Plugin ${plugin.name} ${version}${marketplace ? ` in the marketplace ${marketplace}` : ''}: ${out}`);
      printEntries(io.output, entries, flags.verbose ? new Set() : QUIET);
    }
    return 0;
  }
  if (changes(entries) || !previous) {
    const next = newOutRecord({ plugin: plugin.name, pluginVersion: version, ...(marketplace ? { marketplace } : {}), files: recordedFiles(entries) });
    const [recordOnDisk] = await classify({
      root: out,
      files: [{ path: OUT_RECORD_FILE, content: outRecordText(next) }],
      edited: () => ({ status: 'update' }),
    });
    if (recordOnDisk!.status === 'blocked') throw new UserError(`${out}/${OUT_RECORD_FILE} ${recordOnDisk!.reason}.`, { hint: blockedAdvice(1) });
    await apply(out, [...entries, recordOnDisk!]);
  }

  if (json) io.output.out(JSON.stringify(result, null, 2));
  else {
    const changed = changes(entries);
    io.output.out(
      `${paint(io.output, 'green', changed ? 'Wrote' : 'Up to date:')} plugin ${plugin.name} ${version}${marketplace ? ` in the marketplace ${marketplace}` : ''}: ${out}`,
    );
    printEntries(io.output, entries, flags.verbose ? new Set() : QUIET);
    const dropped = result.summary.dropped;
    if (dropped) io.output.err(`${dropped} file(s) the project no longer has are left in ${out}: delete them there if the plugin should not ship them.`);
    io.output.out('');
    io.output.out(
      `  ${plural(team.agents.length, 'agent')}${team.skills.length ? `, ${plural(team.skills.length, 'skill')}` : ''}${team.mcp ? ', .mcp.json' : ''}`,
    );
    io.output.out(`  check:   claude plugin validate --strict ${out}`);
    if (marketplace) io.output.out(`  install: claude plugin marketplace add ${out} && claude plugin install ${plugin.name}@${marketplace}`);
    else io.output.out(`  try:     claude --plugin-dir ${out}`);
  }
  return 0;
}
