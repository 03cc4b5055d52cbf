import { sha256 } from '../content-hash.js';
import type { PgParseResult } from './pg-parser.js';
import { type TableEvent, tableEvents } from './sql-rls.js';

/** For the build (src/check/migration-facts.ts reads what it gives): the events of each SQL text, by hash; texts that do not parse are left out. */
export async function migrationFacts(sources: string[]): Promise<Record<string, TableEvent[]>> {
  const { pgParser } = await import('./pg-parser.js');
  const parse: (sql: string) => PgParseResult = await pgParser();
  const out: Record<string, TableEvent[]> = {};
  for (const sql of sources) {
    try {
      out[sha256(sql)] = tableEvents(parse(sql));
    } catch {
      // check reports it at run time.
    }
  }
  return out;
}
