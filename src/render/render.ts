import type { StackTemplates } from '../templates/types.js';
import { AGENTS_DIR } from '../names.js';
import type { RenderContext } from './context.js';
import { agentFile } from './front-matter.js';

export interface PlannedFile {
  /** Relative to the project root, POSIX separators. */
  path: string;
  content: string;
}

export { AGENTS_DIR };

/** Renders one agent: every front-matter value rendered, the model answer applied, emitted as YAML. */
export function renderAgent(templates: StackTemplates, name: string, context: RenderContext, model: string | null): PlannedFile {
  const template = templates.agents[name];
  if (!template) throw new Error(`Stack ${templates.meta.id} has no agent ${name}`);
  const data: Record<string, unknown> = {};
  for (const [key, value] of template.frontMatter) data[key] = 'render' in value ? value.render(context) : value.literal;
  if (model) data.model = model;
  return { path: `${AGENTS_DIR}/${name}.md`, content: agentFile(data, template.body(context)) };
}
