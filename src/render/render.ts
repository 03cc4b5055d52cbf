import type { StackTemplates } from '../templates/types.js';
import { AGENTS_DIR } from '../names.js';
import type { RenderContext } from './context.js';

export interface PlannedFile {
  /** Relative to the project root, POSIX separators. */
  path: string;
  content: string;
}

export { AGENTS_DIR };

/** An agent's front matter as data: every value rendered, the model answer applied. */
export function frontMatterData(templates: StackTemplates, name: string, context: RenderContext, model: string | null): Record<string, unknown> {
  const template = templates.agents[name];
  if (!template) throw new Error(`Stack ${templates.meta.id} has no agent ${name}`);
  const data: Record<string, unknown> = {};
  for (const [key, value] of template.frontMatter) data[key] = 'render' in value ? value.render(context) : value.literal;
  if (model) data.model = model;
  return data;
}

/**
 * Renders one agent: front matter emitted as YAML (or taken from what the build emitted for the same
 * data), then the body.
 */
export async function renderAgent(templates: StackTemplates, name: string, context: RenderContext, model: string | null): Promise<PlannedFile> {
  const data = frontMatterData(templates, name, context, model);
  const frontMatter =
    templates.frontMatterCache?.[JSON.stringify(data)] ?? (await import('./front-matter.js')).emitFrontMatter(data);
  return { path: `${AGENTS_DIR}/${name}.md`, content: frontMatter + templates.agents[name]!.body(context) };
}
