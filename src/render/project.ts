import { UserError } from '../errors.js';
import type { Answers } from '../questions.js';
import type { FilePart, TemplateSource } from '../templates/types.js';
import { buildContext, teamOf } from './context.js';
import { renderFiles, withKit } from './kit-facts.js';
import { type MigrationNames, nameMigrations } from './migration-names.js';
import { type PlannedFile, renderAgent } from './render.js';

/**
 * Renders a project in memory: the Claude Code kit's parts first (what they hold is context for the
 * rest: an agent preloads the skills written, CLAUDE.md introduces them), then the team's agent files
 * and the stack's files (the Supabase starter's only when asked for). With `migrations`, migration
 * files are named by the clock or as recorded (src/render/migration-names.ts); without, as in the
 * templates. Pure: writes nothing.
 */
export async function renderProject(source: TemplateSource, answers: Answers, projectId: string, migrations?: MigrationNames): Promise<PlannedFile[]> {
  const templates = await source.loadStack(answers.stack);
  let current = '';
  const onFile = (path: string) => {
    current = path;
  };
  const planned: PlannedFile[] = [];
  try {
    const kit = renderFiles(templates, answers.kit, buildContext(templates.meta, answers, projectId), onFile);
    const context = await withKit(buildContext(templates.meta, answers, projectId), templates, kit);
    for (const agent of teamOf(templates.meta, answers.agents)) {
      current = `.claude/agents/${agent.name}.md`;
      planned.push(await renderAgent(templates, agent.name, context, answers.model));
    }
    const parts: FilePart[] = ['files', ...(answers.supabase ? (['supabase'] as const) : [])];
    planned.push(...renderFiles(templates, parts, context, onFile), ...kit);
  } catch (error) {
    throw new UserError(`Rendering ${current} failed: ${(error as Error).message}`, {
      hint: source.label === 'builtin' ? 'This is a bug in create-agents; please report it.' : `Fix the template in ${source.label}.`,
    });
  }
  return migrations ? nameMigrations(planned, migrations) : planned;
}
