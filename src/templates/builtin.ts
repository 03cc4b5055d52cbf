import Runtime from 'handlebars/runtime';
import registry from '../../.build/registry.json' with { type: 'json' };
import { stackLoaders } from '../../.build/stacks/index.js';
import { registerHelpers } from './helpers.js';
import type { RegistryMeta, StackTemplates, TemplateFn, TemplateSource } from './types.js';

/**
 * The templates shipped with create-agents, precompiled at build time; a stack's templates load only
 * when that stack is rendered.
 */
export const builtinSource: TemplateSource = {
  label: 'builtin',
  registry: registry as RegistryMeta,
  async loadStack(id) {
    const meta = builtinSource.registry.stacks.find((s) => s.id === id);
    const load = stackLoaders[id as keyof typeof stackLoaders];
    if (!load || !meta) throw new Error(`Unknown stack ${id}`);
    const env = Runtime.create();
    registerHelpers(env);
    const template = (spec: unknown): TemplateFn => {
      const fn = env.template(spec as never);
      return (context) => fn(context);
    };
    const { default: build } = await load();
    const parts = build(template) as unknown as Omit<StackTemplates, 'meta'>;
    for (const [name, fn] of Object.entries(parts.partials)) env.registerPartial(name, fn);
    return { meta, ...parts };
  },
};
