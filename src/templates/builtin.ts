import { loadPrecompiledStack } from './builtin-load.js';
import { builtinRegistry } from './builtin-registry.js';
import type { TemplateSource } from './types.js';

/**
 * The templates shipped with create-agents, precompiled at build time; a stack's templates (a chunk
 * of their own) load when that stack is rendered.
 */
export const builtinSource: TemplateSource = {
  label: 'builtin',
  registry: builtinRegistry,
  async loadStack(id) {
    const meta = builtinRegistry.stacks.find((s) => s.id === id);
    if (!meta) throw new Error(`Unknown stack ${id}`);
    return { meta, ...(await loadPrecompiledStack(id)) };
  },
};
