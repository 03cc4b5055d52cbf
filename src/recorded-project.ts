import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { resolveAnswers } from './answers.js';
import { UserError, usageError } from './errors.js';
import { projectIdFrom } from './names.js';
import { type ProjectRecord, RECORD_FILE, readProjectRecordBytes } from './project-record.js';
import type { Answers } from './questions.js';
import { loadSource } from './templates/source.js';
import type { StackMeta, TemplateSource } from './templates/types.js';

/** A project made by create-agents, with its record and the templates to render it from now. */
export interface RecordedProject {
  root: string;
  record: ProjectRecord;
  /** The bytes the record was read from: the run rewrites it only while it still holds them. */
  recordBytes: Buffer;
  source: TemplateSource;
  stack: StackMeta;
  projectId: string;
}

/** Where the templates recorded in the project are, when they are a folder that still exists. */
export function recordedTemplatesDir(root: string, record: ProjectRecord): string | null {
  if (record.templates === 'builtin') return null;
  const dir = resolve(root, record.templates);
  return existsSync(dir) ? dir : null;
}

/**
 * Opens the project in `dir` (default: the current folder) for add and update. The templates are
 * `--templates-dir` when given, else the ones the project records.
 */
export async function openProject(cwd: string, dir: string | undefined, templatesFlag: string | boolean | undefined): Promise<RecordedProject> {
  const root = resolve(cwd, dir ?? '.');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw usageError(`${root} is not a folder.`, 'Name the project folder.');
  const read = readProjectRecordBytes(root);
  if (!read) {
    throw usageError(
      `${root} has no ${RECORD_FILE}, so it was not made by create-agents (or the record was deleted).`,
      'Run this in a project create-agents made, or name its folder.',
    );
  }
  const { record, bytes: recordBytes } = read;
  let source: TemplateSource;
  if (typeof templatesFlag === 'string') source = await loadSource(templatesFlag);
  else if (record.templates === 'builtin') source = await loadSource(undefined);
  else {
    const recorded = recordedTemplatesDir(root, record);
    if (!recorded) {
      throw usageError(
        `The project was made from the templates folder ${record.templates}, which is not there now.`,
        'Pass --templates-dir <dir> with the folder to use.',
      );
    }
    source = await loadSource(recorded);
  }
  const stack = source.registry.stacks.find((s) => s.id === record.stack);
  if (!stack) {
    throw new UserError(`The project's stack "${record.stack}" is not in ${source.label === 'builtin' ? 'the built-in templates' : source.label}.`, {
      exitCode: 2,
      hint: `Stacks there: ${source.registry.stacks.map((s) => s.id).join(', ')}. Pass --templates-dir <dir> with the folder that has it.`,
    });
  }
  return { root, record, recordBytes, source, stack, projectId: record.projectId ?? projectIdFrom(basename(root)) };
}

/** The recorded answers with `flags` given now on top; never asks. */
export function answersFor(
  project: RecordedProject,
  flags: Record<string, string | boolean>,
  cwd: string,
  registry = project.source.registry,
): Promise<Answers> {
  return resolveAnswers({
    registry,
    flags: { ...flags, stack: project.record.stack },
    dir: project.root,
    recorded: project.record.answers,
    interactive: false,
    yes: true,
    cwd,
  });
}

/**
 * The record entry of an add or update run, after checking that the record is still what the run
 * read at its start: the plan was made from that record, so a change by another run meanwhile would
 * be lost. The writer checks the same bytes again under the lock.
 */
export function assertRecordUnchanged(project: RecordedProject, entry: { current?: Buffer | null }, command: string): void {
  if (entry.current?.equals(project.recordBytes)) return;
  throw new RecordChangedError(`${RECORD_FILE} in ${project.root} was changed by another run while ${command} was running; nothing was written.`, {
    hint: `Run ${command} again: it will start from the record as it is now.`,
  });
}

/** Another run changed the record while this one planned from it; nothing was written. */
export class RecordChangedError extends UserError {}

/** How many times a command plans again after another run changed the record under it. */
const PLAN_ATTEMPTS = 3;

/**
 * Runs a command that plans from the record and writes; when another run changed the record in between
 * (nothing was written then), plans again from the record as it is now, so that neither run's change is
 * lost. Gives up with the RecordChangedError after a few attempts.
 */
export async function planAgainIfRecordChanged<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RecordChangedError) || tries >= PLAN_ATTEMPTS) throw error;
    }
  }
}
