import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as, failure, migrationSources, schemaProblems, supabaseDb, tablesOf, viewsOf, type SqlSource,
} from './helpers/pglite.js';

/** A display name that breaks naive quoting: seeds that use it must quote it with {{sql}}. */
const NAME = `O'Brien "Ops" CRM; drop table x; --`;

interface StackCase {
  stack: string;
  /** Two users of different tenants, from the stack's seed.sql. */
  userA: string;
  userB: string;
  /** Per table: the rows user $1 may see, as a predicate the owner evaluates without RLS. */
  visible: Record<string, string>;
  /** Views: the same, for the rows a view returns (keyed by its first column). */
  views?: Record<string, string>;
  /** An insert by user A into user B's tenant, which RLS must refuse... */
  insertIntoB: string;
  /** ...and the same insert into A's own tenant, which must succeed. */
  insertIntoA: string;
}

const U = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const memberOf = (column: string) =>
  `${column} in (select organization_id from public.memberships where user_id = $1)`;

const CASES: StackCase[] = [
  {
    stack: 'vue-crm',
    userA: U(1),
    userB: U(2),
    visible: {
      organizations: memberOf('id'),
      memberships: memberOf('organization_id'),
      contacts: memberOf('organization_id'),
      opportunities: memberOf('organization_id'),
      interactions: memberOf('organization_id'),
    },
    views: {
      contact_list_view: memberOf('organization_id'),
      organization_summary_analytics: memberOf('organization_id'),
    },
    insertIntoB: `insert into public.contacts (organization_id, first_name) values ('0a000000-0000-4000-8000-000000000002', 'Mallory')`,
    insertIntoA: `insert into public.contacts (organization_id, first_name) values ('0a000000-0000-4000-8000-000000000001', 'Mallory')`,
  },
];

/** Sorted ids (first column) of `relation` rows matching `predicate` for `user`, read by the owner. */
async function expectedIds(db: PGlite, relation: string, predicate: string, user: string | null): Promise<string[]> {
  const where = predicate.replaceAll('$1', user ? `'${user}'::uuid` : 'null');
  const { rows } = await db.query<{ id: string }>(`select (r.*)::text as id from public.${relation} r where ${where} order by 1`);
  return rows.map((r) => r.id);
}

async function idsAs(db: PGlite, relation: string, user: string): Promise<string[]> {
  return as(db, user, async () => {
    const { rows } = await db.query<{ id: string }>(`select (r.*)::text as id from public.${relation} r order by 1`);
    return rows.map((r) => r.id);
  });
}

describe.each(CASES)('$stack: migrations and seed on PostgreSQL with Supabase roles', (c) => {
  let db: PGlite;
  let sources: SqlSource[];

  beforeAll(async () => {
    sources = await migrationSources(c.stack, NAME);
    db = await supabaseDb(sources);
  }, 60_000);
  afterAll(() => db?.close());

  it('applies every migration, then seed.sql', async () => {
    expect(sources.filter((s) => s.name.startsWith('migrations/')).length).toBeGreaterThan(0);
    expect(sources.at(-1)?.name).toBe('seed.sql');
  });

  it('knows every table and view in public (a new one needs an isolation rule here)', async () => {
    expect(await tablesOf(db, 'public')).toEqual(Object.keys(c.visible).sort());
    expect(await viewsOf(db, 'public')).toEqual(Object.keys(c.views ?? {}).sort());
  });

  it('follows the rules: RLS, policies per granted command, grants, indexes, timestamps', async () => {
    expect(await schemaProblems(db, 'public')).toEqual([]);
  });

  it('lets anon read nothing', async () => {
    for (const relation of [...Object.keys(c.visible), ...Object.keys(c.views ?? {})]) {
      const outcome = await as(db, null, async () => {
        const error = await failure(db, `select * from public.${relation}`);
        if (error) return error.code;
        return (await db.query(`select * from public.${relation}`)).rows.length;
      });
      expect([relation, outcome]).toEqual([relation, '42501']);
    }
  });

  for (const who of ['userA', 'userB'] as const) {
    it(`shows ${who} only the rows of their own tenant, in every table and view`, async () => {
      const user = c[who];
      for (const [relation, predicate] of Object.entries({ ...c.visible, ...c.views })) {
        const all = await expectedIds(db, relation, 'true', user);
        const mine = await expectedIds(db, relation, predicate, user);
        expect(mine.length, `${relation}: seed rows ${who} may see`).toBeGreaterThan(0);
        expect(mine.length, `${relation}: seed rows ${who} may not see`).toBeLessThan(all.length);
        expect(await idsAs(db, relation, user), relation).toEqual(mine);
      }
    });
  }

  it("refuses user A's insert into user B's tenant, and accepts it into A's own", async () => {
    const refused = await as(db, c.userA, () => failure(db, c.insertIntoB));
    expect(refused?.message).toMatch(/violates row-level security/);
    expect(await as(db, c.userA, () => failure(db, c.insertIntoA))).toBeNull();
  });

  it("lets user A neither update nor delete user B's rows", async () => {
    for (const [table, predicate] of Object.entries(c.visible)) {
      const hidden = `not (${predicate.replaceAll('$1', `'${c.userA}'::uuid`)})`;
      const ids = (await db.query<{ id: string }>(`select id::text from public.${table} where ${hidden}`)).rows.map((r) => r.id);
      expect(ids.length, `${table}: rows A may not see`).toBeGreaterThan(0);
      const changed = await as(db, c.userA, async () => {
        const updated = await db.query(`update public.${table} set updated_at = now() where id = any($1::uuid[])`, [ids]);
        const deleted = await db.query(`delete from public.${table} where id = any($1::uuid[])`, [ids]);
        return [updated.affectedRows, deleted.affectedRows];
      });
      expect([table, changed]).toEqual([table, [0, 0]]);
    }
  });
});
