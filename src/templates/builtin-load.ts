import Runtime from 'handlebars/runtime';
import { stackLoaders } from '../../.build/stacks/index.js';
import { registerHelpers } from './helpers.js';
import type { StackTemplates, TemplateFn } from './types.js';

/** Binds one precompiled stack (a chunk of its own) to a fresh Handlebars runtime with our helpers. */
export async function loadPrecompiledStack(id: string): Promise<Omit<StackTemplates, 'meta'>> {
  const load = stackLoaders[id as keyof typeof stackLoaders];
  if (!load) throw new Error(`Unknown stack ${id}`);
  const env = Runtime.create();
  registerHelpers(env);
  const template = (spec: unknown): TemplateFn => {
    const fn = env.template(spec as never);
    return (context) => fn(context);
  };
  const { default: build } = await load();
  const parts = build(template) as unknown as Omit<StackTemplates, 'meta'>;
  for (const [name, fn] of Object.entries(parts.partials)) env.registerPartial(name, fn);
  return parts;
}
