import registry from '../../.build/registry.json' with { type: 'json' };
import type { RegistryMeta } from './types.js';

/** The built-in stacks' metadata alone (names, aliases), without loading any template. */
export const builtinRegistry = registry as RegistryMeta;
