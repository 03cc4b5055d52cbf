import facts from '../../.build/migration-facts.json' with { type: 'json' };
import { fnv1a64 } from '../hash/content-hash.js';
import type { PgParseResult } from './pg-parser.js';
import { tableEvents, type TableEvent } from './sql-rls.js';

/**
 * The table events of every migration the built-in templates ship, read with PostgreSQL's parser at
 * build time (scripts/build.mjs), by the content hash of the file: checking a migration nobody edited needs no
 * parser at run time. test/check.test.ts compares them with a fresh parse.
 */
const SHIPPED = facts as Record<string, TableEvent[]>;

export function shippedEvents(bytes: Buffer): TableEvent[] | undefined {
  return SHIPPED[fnv1a64(bytes)];
}

/** Used by the build: the events of each SQL text, by hash; texts that do not parse are left out. */
export async function migrationFacts(sources: string[]): Promise<Record<string, TableEvent[]>> {
  const { pgParser } = await import('./pg-parser.js');
  const parse: (sql: string) => PgParseResult = await pgParser();
  const out: Record<string, TableEvent[]> = {};
  for (const sql of sources) {
    try {
      out[fnv1a64(sql)] = tableEvents(parse(sql));
    } catch {
      // check reports it at run time.
    }
  }
  return out;
}
