import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { resolveAnswers } from './answers.js';
import { UserError, usageError } from './errors.js';
import { MANIFEST, readManifest, type Manifest } from './manifest.js';
import { projectIdFrom } from './names.js';
import type { Answers } from './questions.js';
import { loadSource } from './templates/source.js';
import type { StackMeta, TemplateSource } from './templates/types.js';

/** A project made by create-agents, with its record and the templates to render it from now. */
export interface RecordedProject {
  root: string;
  manifest: Manifest;
  source: TemplateSource;
  stack: StackMeta;
  projectId: string;
}

/** Where the templates recorded in the project are, when they are a folder that still exists. */
export function recordedTemplatesDir(root: string, manifest: Manifest): string | null {
  if (manifest.templates === 'builtin') return null;
  const dir = resolve(root, manifest.templates);
  return existsSync(dir) ? dir : null;
}

/**
 * Opens the project in `dir` (default: the current folder) for add and update. The templates are
 * `--templates` when given, else the ones the project records.
 */
export async function openProject(cwd: string, dir: string | undefined, templatesFlag: string | boolean | undefined): Promise<RecordedProject> {
  const root = resolve(cwd, dir ?? '.');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw usageError(`${root} is not a folder.`, 'Name the project folder.');
  const manifest = await readManifest(root);
  if (!manifest) {
    throw usageError(`${root} has no ${MANIFEST}, so it was not made by create-agents (or the record was deleted).`, 'Run this in a project create-agents made, or name its folder.');
  }
  let source: TemplateSource;
  if (typeof templatesFlag === 'string') source = await loadSource(templatesFlag);
  else if (manifest.templates === 'builtin') source = await loadSource(undefined);
  else {
    const recorded = recordedTemplatesDir(root, manifest);
    if (!recorded) {
      throw usageError(`The project was made from the templates folder ${manifest.templates}, which is not there now.`, 'Pass --templates <dir> with the folder to use.');
    }
    source = await loadSource(recorded);
  }
  const stack = source.registry.stacks.find((s) => s.id === manifest.stack);
  if (!stack) {
    throw new UserError(`The project's stack "${manifest.stack}" is not in ${source.label === 'builtin' ? 'the built-in templates' : source.label}.`, {
      exitCode: 2,
      hint: `Stacks there: ${source.registry.stacks.map((s) => s.id).join(', ')}. Pass --templates <dir> with the folder that has it.`,
    });
  }
  return { root, manifest, source, stack, projectId: manifest.projectId ?? projectIdFrom(basename(root)) };
}

/** The recorded answers with `flags` given now on top; never asks. */
export function answersFor(project: RecordedProject, flags: Record<string, string | boolean>, cwd: string, registry = project.source.registry): Promise<Answers> {
  return resolveAnswers({
    registry,
    flags: { ...flags, stack: project.manifest.stack },
    dir: project.root,
    recorded: project.manifest.answers,
    interactive: false,
    yes: true,
    cwd,
  });
}
