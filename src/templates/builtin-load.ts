import { stackLoaders } from '../../.build/stacks/index.js';
// The stacks' templates call the template runtime: importing it here puts it in the shared chunk
// instead of a small chunk of its own.
import './runtime.js';
import type { StackTemplates } from './types.js';

/**
 * Loads one built-in stack (a chunk of its own): its templates, compiled at build time into plain
 * functions over the template runtime (src/templates/codegen.ts).
 */
export async function loadPrecompiledStack(id: string): Promise<Omit<StackTemplates, 'meta'>> {
  const load = stackLoaders[id as keyof typeof stackLoaders];
  if (!load) throw new Error(`Unknown stack ${id}`);
  return (await load()).default as unknown as Omit<StackTemplates, 'meta'>;
}
