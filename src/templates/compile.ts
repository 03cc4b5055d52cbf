import { type HelperHost, registerHelpers } from './helpers.js';
import type { ScannedStack, ScannedTemplates } from './scan.js';
import type { AgentTemplate, FrontMatterValue, StackMeta, StackTemplates, TemplateFn, UncompiledStack } from './types.js';

/** A Handlebars environment, full or runtime-only: what compiling a stack needs of it. */
export interface TemplateEnvironment extends HelperHost {
  registerPartial(name: string, partial: TemplateFn): void;
}

/** A scanned stack as templates still to compile: a front-matter value with `{{` in it is a template. */
export function uncompiled(stack: ScannedStack, partials: ScannedTemplates['partials']): UncompiledStack<string> {
  return {
    agents: stack.agents.map((agent) => ({
      name: agent.name,
      frontMatter: agent.frontMatter.map(([key, value]) => [key, typeof value === 'string' && value.includes('{{') ? { template: value } : { literal: value }]),
      body: agent.body,
    })),
    files: stack.files.map((f) => ({ path: f.path, part: f.part, template: f.template ? f.source : null, content: f.template ? '' : f.source })),
    partials: Object.fromEntries(partials.map((p) => [p.name, p.source])),
  };
}

/**
 * Compiles a stack's templates in a fresh environment with the project's helpers and the stack's
 * partials: `compile` is Handlebars' `compile` for sources, or its runtime's `template` for
 * precompiled specs, so both kinds render alike.
 */
export function compileStack<T>(meta: StackMeta, stack: UncompiledStack<T>, env: TemplateEnvironment, compile: (template: T) => TemplateFn): StackTemplates {
  registerHelpers(env);
  for (const [name, partial] of Object.entries(stack.partials)) env.registerPartial(name, compile(partial));
  const agents: Record<string, AgentTemplate> = {};
  for (const agent of stack.agents) {
    agents[agent.name] = {
      name: agent.name,
      frontMatter: agent.frontMatter.map(([key, value]): [string, FrontMatterValue] => [
        key,
        'template' in value ? { render: compile(value.template) } : value,
      ]),
      body: compile(agent.body),
    };
  }
  const files = stack.files.map((f) => ({ path: f.path, part: f.part, render: f.template === null ? null : compile(f.template), content: f.content }));
  return { meta, agents, files, ...(stack.frontMatter ? { frontMatter: stack.frontMatter } : {}) };
}
