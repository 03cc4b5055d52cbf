/**
 * A module the build writes (scripts/build.mjs) and the bundler resolves: the table events of the
 * migrations the built-in templates ship. Declared here so the sources type-check before any build.
 */
declare module 'virtual:create-agents/migration-facts' {
  import type { TableEvent } from './sql-rls.js';

  const facts: Record<string, TableEvent[]>;
  export default facts;
}
