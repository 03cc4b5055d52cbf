import { builtinRegistry } from './builtin-registry.js';
import type { TemplateSource } from './types.js';

/**
 * The templates shipped with create-agents, precompiled at build time. Listing stacks needs only the
 * registry; the Handlebars runtime and a stack's templates load when that stack is rendered.
 */
export const builtinSource: TemplateSource = {
  label: 'builtin',
  registry: builtinRegistry,
  async loadStack(id) {
    const meta = builtinRegistry.stacks.find((s) => s.id === id);
    if (!meta) throw new Error(`Unknown stack ${id}`);
    const { loadPrecompiledStack } = await import('./builtin-load.js');
    return { meta, ...(await loadPrecompiledStack(id)) };
  },
};
