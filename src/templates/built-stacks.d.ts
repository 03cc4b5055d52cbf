/**
 * Modules the build writes (scripts/build.mjs) and the bundler resolves: the built-in registry and
 * each stack's templates precompiled by Handlebars. Declared here so the sources type-check before
 * any build.
 */
declare module 'virtual:create-agents/registry' {
  import type { RegistryMeta } from './types.js';

  const registry: RegistryMeta;
  export default registry;
}

declare module 'virtual:create-agents/stacks' {
  import type { UncompiledStack } from './types.js';
  /** One loader per stack id; each stack is a chunk of its own. */
  export const stackLoaders: Record<string, () => Promise<{ default: UncompiledStack<object> }>>;
}
