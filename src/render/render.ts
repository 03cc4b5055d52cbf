import { emitFrontMatter } from '../front-matter/emit.js';
import { AGENTS_DIR } from '../names.js';
import type { StackTemplates } from '../templates/types.js';
import type { RenderContext } from './context.js';

export interface PlannedFile {
  /** Relative to the project root, POSIX separators. */
  path: string;
  content: string;
}

/** An agent's front matter as data: every value rendered, the model answer applied. */
export function frontMatterData(templates: StackTemplates, name: string, context: RenderContext, model: string | null): Record<string, unknown> {
  const template = templates.agents[name];
  if (!template) throw new Error(`Stack ${templates.meta.id} has no agent ${name}`);
  const data: Record<string, unknown> = {};
  for (const [key, value] of template.frontMatter) data[key] = 'render' in value ? value.render(context) : value.literal;
  if (model) data.model = model;
  return data;
}

/** Renders one agent: front matter written as YAML from its data, then the body. */
export function renderAgent(templates: StackTemplates, name: string, context: RenderContext, model: string | null): PlannedFile {
  const data = frontMatterData(templates, name, context, model);
  return { path: `${AGENTS_DIR}/${name}.md`, content: emitFrontMatter(data) + templates.agents[name]!.body(context) };
}
