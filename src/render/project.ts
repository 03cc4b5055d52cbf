import { UserError } from '../errors.js';
import type { Answers } from '../questions.js';
import type { FilePart, TemplateSource } from '../templates/types.js';
import { buildContext, teamOf } from './context.js';
import { type MigrationNames, nameMigrations } from './migration-names.js';
import { type PlannedFile, renderAgent } from './render.js';

/**
 * Renders a project in memory: the team's agent files, then the stack's files (the Supabase starter's
 * only when asked for). With `migrations`, migration files are named by the clock or as recorded
 * (src/render/migration-names.ts); without, as in the templates. Pure: writes nothing.
 */
export async function renderProject(source: TemplateSource, answers: Answers, projectId: string, migrations?: MigrationNames): Promise<PlannedFile[]> {
  const templates = await source.loadStack(answers.stack);
  const context = buildContext(templates.meta, answers, projectId);
  const planned: PlannedFile[] = [];
  let current = '';
  try {
    for (const agent of teamOf(templates.meta, answers.agents)) {
      current = `.claude/agents/${agent.name}.md`;
      planned.push(await renderAgent(templates, agent.name, context, answers.model));
    }
    const parts: FilePart[] = ['files', ...(answers.supabase ? (['supabase'] as const) : []), ...answers.kit];
    for (const file of parts.flatMap((part) => templates.files.filter((f) => f.part === part))) {
      current = file.path;
      const content = file.render ? file.render(context) : file.content;
      // A template that renders to nothing (all of it inside a false {{#has}}) is not written.
      if (file.render && content.trim() === '') continue;
      planned.push({ path: file.path, content });
    }
  } catch (error) {
    throw new UserError(`Rendering ${current} failed: ${(error as Error).message}`, {
      hint: source.label === 'builtin' ? 'This is a bug in create-agents; please report it.' : `Fix the template in ${source.label}.`,
    });
  }
  return migrations ? nameMigrations(planned, migrations) : planned;
}
