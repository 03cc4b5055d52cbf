import registry from 'virtual:create-agents/registry';
import type { RegistryMeta } from './types.js';

/** The built-in stacks' metadata alone (names, aliases), without loading any template. */
export const builtinRegistry: RegistryMeta = registry;
