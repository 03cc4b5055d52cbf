import { stackLoaders } from 'virtual:create-agents/stacks';
import { builtinRegistry } from './builtin-registry.js';
import { compileStack } from './compile.js';
import type { TemplateFn, TemplateSource } from './types.js';

/**
 * The templates shipped with create-agents, precompiled at build time by `Handlebars.precompile` and
 * rendered by Handlebars' runtime; a stack's templates (a chunk of their own) load when it is rendered.
 */
export const builtinSource: TemplateSource = {
  label: 'builtin',
  registry: builtinRegistry,
  async loadStack(id) {
    const meta = builtinRegistry.stacks.find((s) => s.id === id);
    const load = stackLoaders[id];
    if (!meta || !load) throw new Error(`Unknown stack ${id}`);
    // Handlebars' runtime loads with the first stack: --help and the maintenance commands do without it.
    const { default: Handlebars } = await import('handlebars/runtime');
    const env = Handlebars.create();
    return compileStack(meta, (await load()).default, env, (spec) => env.template(spec as never) as TemplateFn);
  },
};
