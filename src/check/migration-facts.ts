import facts from 'virtual:create-agents/migration-facts';
import { sha256 } from '../content-hash.js';
import type { TableEvent } from './sql-rls.js';

/**
 * The table events of every migration the built-in templates ship, read with PostgreSQL's parser at
 * build time (scripts/build.mjs), by the content hash of the file: checking a migration nobody edited needs no
 * parser at run time. test/check.test.ts compares them with a fresh parse.
 */
const SHIPPED: Record<string, TableEvent[]> = facts;

export function shippedEvents(bytes: Buffer): TableEvent[] | undefined {
  return SHIPPED[sha256(bytes)];
}
