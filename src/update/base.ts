import { InterruptedError } from '../errors.js';
import { matchesRecord, recordsByPath } from '../project-record.js';
import { answersFor, type RecordedProject, recordedTemplatesDir } from '../recorded-project.js';
import { renderProject } from '../render/project.js';
import { loadSource } from '../templates/source.js';
import type { TemplateSource } from '../templates/types.js';
import { VERSION } from '../version.js';

export interface Bases {
  /** path → what was generated then, for files whose record hash it matches. */
  files: Map<string, string>;
  /** How the base was had, or why it could not be. */
  notes: string[];
}

/**
 * The files as they were generated, for the three-way merge. Candidates: a render of the recorded
 * templates (the same version in process, another one through npx when asked, a recorded templates folder),
 * then the current templates with the recorded answers. A candidate counts for a file only when its
 * hash equals the one recorded, so a wrong base can never be used.
 */
export async function findBases(project: RecordedProject, cwd: string, options: { fromNpm: boolean }): Promise<Bases> {
  const { record } = project;
  const wanted = recordsByPath(record);
  const files = new Map<string, string>();
  const notes: string[] = [];
  const take = (rendered: Map<string, string>) => {
    for (const [path, content] of rendered) if (!files.has(path) && matchesRecord(wanted.get(path), content)) files.set(path, content);
  };
  const renderWith = async (source: TemplateSource) => {
    if (!source.registry.stacks.some((s) => s.id === record.stack)) return new Map<string, string>();
    const answers = await answersFor(project, {}, cwd, source.registry);
    const migrations = { now: new Date(), recorded: project.record.migrations };
    return new Map((await renderProject(source, answers, project.projectId, migrations)).map((f) => [f.path, f.content]));
  };

  let currentIsRecorded = false;
  if (record.templates === 'builtin') {
    if (record.version === VERSION) {
      currentIsRecorded = project.source.label === 'builtin';
      take(await renderWith(await loadSource(undefined)));
      notes.push(`base: rendered create-agents ${VERSION}'s templates in process`);
    } else if (!options.fromNpm) {
      // Installing and running code from the registry is for the person to ask for, never a side effect.
      notes.push(`base: create-agents ${record.version} not run (pass --base-from-npm to rebuild the base with npx); merged two ways`);
    } else {
      try {
        const { renderWithVersion } = await import('./old-version.js');
        take(await renderWithVersion(record.version, record.answers, project.projectId, [...wanted.keys()]));
        notes.push(`base: rendered by create-agents ${record.version} (npx)`);
      } catch (error) {
        if (error instanceof InterruptedError) throw error;
        notes.push(`base: create-agents ${record.version} could not be run (${(error as Error).message})`);
      }
    }
  } else {
    const dir = recordedTemplatesDir(project.root, record);
    if (dir) {
      take(await renderWith(await loadSource(dir)));
      notes.push(`base: rendered the recorded templates folder ${record.templates}`);
    } else notes.push(`base: the recorded templates folder ${record.templates} is not there`);
  }
  if (!currentIsRecorded) take(await renderWith(project.source));
  return { files, notes };
}
