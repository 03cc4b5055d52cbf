import { buildContext } from '../render/context.js';
import { emitFrontMatter } from '../render/front-matter.js';
import { frontMatterData } from '../render/render.js';
import type { StackTemplates } from './types.js';

/**
 * The YAML front matter of every agent of a stack for its default answers (whole team, the stack's
 * product name, each agent's own model), by the JSON of its data. The build stores it with the stack.
 */
export function defaultFrontMatter(templates: StackTemplates): Record<string, string> {
  const { meta } = templates;
  const answers = { dir: '.', stack: meta.id, name: meta.defaults.name, agents: meta.agents.map((a) => a.name), model: null, supabase: true, git: false };
  const context = buildContext(meta, answers, 'project');
  const cache: Record<string, string> = {};
  for (const agent of meta.agents) {
    const data = frontMatterData(templates, agent.name, context, null);
    cache[JSON.stringify(data)] = emitFrontMatter(data);
  }
  return cache;
}
