import plopfile from '../../generators/plopfile.js';
import { UserError } from '../errors.js';
import { createPlopHost } from '../plop-host.js';
import type { Answers } from '../questions.js';
import type { TemplateSource } from '../templates/types.js';
import type { PlannedFile } from './render.js';

/** Renders a project in memory by running the stack's plop generator. Pure: writes nothing. */
export async function renderProject(source: TemplateSource, answers: Answers, projectId: string): Promise<PlannedFile[]> {
  const sink: PlannedFile[] = [];
  const plop = createPlopHost();
  plopfile(plop, { source, sink, projectId });
  const result = await plop.getGenerator(answers.stack).runActions(answers as unknown as Record<string, unknown>);
  if (result.failures.length) {
    const f = result.failures[0]!;
    throw new UserError(`Rendering ${f.path || f.type} failed: ${f.error}`, {
      hint: source.label === 'builtin' ? 'This is a bug in create-agents; please report it.' : `Fix the template in ${source.label}.`,
    });
  }
  return sink;
}
