import { AGENTS_DIR } from '../names.js';
import { KIT_PARTS } from '../templates/kit.js';
import type { StackMeta, StackTemplates, TemplateSource } from '../templates/types.js';
import { buildContext, type RenderContext } from './context.js';
import { renderFiles, withKit } from './kit-facts.js';

export interface PlannedFile {
  /** Relative to the project root, POSIX separators. */
  path: string;
  content: string;
}

/**
 * An agent's front matter as data: every value rendered, the model answer applied, and the skills the
 * stack gives the agent (stack.json `skills`) added to `skills:` when they are rendered.
 */
export function frontMatterData(templates: StackTemplates, name: string, context: RenderContext, model: string | null): Record<string, unknown> {
  const template = templates.agents[name];
  if (!template) throw new Error(`Stack ${templates.meta.id} has no agent ${name}`);
  const data: Record<string, unknown> = {};
  for (const [key, value] of template.frontMatter) data[key] = 'render' in value ? value.render(context) : value.literal;
  if (model) data.model = model;
  const preload = (templates.meta.agents.find((a) => a.name === name)?.skills ?? []).filter((s) => context.skills.some((k) => k.name === s));
  if (preload.length) data.skills = [...new Set([...listOf(data.skills), ...preload])];
  return data;
}

/** A front-matter list written either way Claude Code reads it: a YAML list or a comma-separated string. */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/**
 * Renders one agent: front matter written as YAML from its data (or taken from what the build wrote for
 * the same data: the YAML library then stays unloaded), then the body.
 */
export async function renderAgent(templates: StackTemplates, name: string, context: RenderContext, model: string | null): Promise<PlannedFile> {
  const data = frontMatterData(templates, name, context, model);
  const frontMatter = templates.frontMatter?.[JSON.stringify(data)] ?? (await import('../front-matter/emit.js')).emitFrontMatter(data);
  const agent = context.team.find((a) => a.name === name);
  return { path: `${AGENTS_DIR}/${name}.md`, content: frontMatter + templates.agents[name]!.body(agent ? { ...context, agent } : context) };
}

/** The context of a stack's default answers: the whole team, the Supabase starter and the whole kit (for the build). */
export async function defaultContext(templates: StackTemplates): Promise<RenderContext> {
  const { meta } = templates;
  const answers = {
    dir: '.',
    stack: meta.id,
    name: meta.defaults.name,
    agents: meta.agents.map((a) => a.name),
    model: null,
    supabase: true,
    kit: KIT_PARTS.map((p) => p.name),
    git: false,
  };
  const base = buildContext(meta, answers, 'project');
  return withKit(base, templates, renderFiles(templates, answers.kit, base));
}

/** The YAML front matter of every agent of a stack in `context` (its default answers), by the JSON of its data (for the build). */
export function defaultFrontMatter(templates: StackTemplates, emit: (data: Record<string, unknown>) => string, context: RenderContext): Record<string, string> {
  const written: Record<string, string> = {};
  for (const agent of templates.meta.agents) {
    const data = frontMatterData(templates, agent.name, context, null);
    written[JSON.stringify(data)] = emit(data);
  }
  return written;
}

/**
 * A source's stacks with their skills' descriptions as the default answers render them: what the build
 * writes into the built-in registry, and what `list` shows for a templates folder.
 */
export async function renderedSkillDescriptions(source: TemplateSource): Promise<StackMeta[]> {
  return Promise.all(
    source.registry.stacks.map(async (stack) => {
      if (!stack.skills.length) return stack;
      const rendered = (await defaultContext(await source.loadStack(stack.id))).skills;
      return { ...stack, skills: stack.skills.map((s) => ({ ...s, description: rendered.find((r) => r.name === s.name)?.description ?? s.description })) };
    }),
  );
}
