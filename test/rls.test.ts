import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, asServiceRole, failure, migrationSources, rolledBack, type SqlSource, schemaProblems, supabaseDb, tablesOf, viewsOf } from './helpers/pglite.js';

/** A display name that breaks naive quoting: seeds that use it must quote it with {{sql}}. */
const NAME = `O'Brien "Ops" CRM; drop table x; --`;

interface StackCase {
  stack: string;
  /** Two users of different tenants, from the stack's seed.sql. */
  userA: string;
  userB: string;
  /** Per table: the rows user $1 may see, as a predicate the owner evaluates without RLS. */
  visible: Record<string, string>;
  /** Views: the same, for the rows each view returns. */
  views?: Record<string, string>;
  /** An insert by user A into user B's tenant, which RLS must refuse... */
  insertIntoB: string;
  /** ...and the same insert into A's own tenant, which must succeed. */
  insertIntoA: string;
  /** Tests of what only this stack has, run on the same database. */
  more?: (db: () => PGlite) => void;
}

const U = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const T = (n: number) => `0a000000-0000-4000-8000-00000000000${n}`;
const orgMember = (column: string) => `${column} in (select organization_id from public.memberships where user_id = $1)`;
const clientMember = (column: string) => `${column} in (select platform_client_id from public.platform_client_members where user_id = $1)`;
const assigned = (column: string) => `${column} in (select installation_id from public.installation_assignments where installer_id = $1)`;
const owned = 'owner_id = $1';

const CASES: StackCase[] = [
  {
    stack: 'vue-crm',
    userA: U(1),
    userB: U(2),
    visible: {
      organizations: orgMember('id'),
      memberships: orgMember('organization_id'),
      contacts: orgMember('organization_id'),
      opportunities: orgMember('organization_id'),
      interactions: orgMember('organization_id'),
    },
    views: {
      contact_list_view: orgMember('organization_id'),
      organization_summary_analytics: orgMember('organization_id'),
    },
    insertIntoB: `insert into public.contacts (organization_id, first_name) values ('${T(2)}', 'Mallory')`,
    insertIntoA: `insert into public.contacts (organization_id, first_name) values ('${T(1)}', 'Mallory')`,
    more: vueCrmTests,
  },
  {
    // Users 2 and 3 are installers with different assignments (user 1 is the admin).
    stack: 'astro-ims',
    userA: U(2),
    userB: U(3),
    visible: {
      profiles: 'id = $1',
      customers: `id in (select customer_id from public.installations where ${assigned('id')})`,
      installations: assigned('id'),
      installation_assignments: 'installer_id = $1',
      installation_status_history: assigned('installation_id'),
    },
    insertIntoB: `insert into public.installation_status_history (installation_id, to_status, note)
      values ('0e000000-0000-4000-8000-000000000002', 'completed', 'Not my job')`,
    insertIntoA: `insert into public.installation_status_history (installation_id, to_status, note)
      values ('0e000000-0000-4000-8000-000000000001', 'in_progress', 'On site')`,
    more: astroImsTests,
  },
  {
    stack: 'react-chat',
    userA: U(1),
    userB: U(2),
    visible: {
      platform_clients: clientMember('id'),
      platform_client_members: clientMember('platform_client_id'),
      channel_accounts: clientMember('platform_client_id'),
      social_contacts: clientMember('platform_client_id'),
      conversations: clientMember('platform_client_id'),
      messages: clientMember('platform_client_id'),
      subscriptions: clientMember('platform_client_id'),
    },
    insertIntoB: `insert into public.social_contacts (platform_client_id, channel, platform_user_id) values ('${T(2)}', 'whatsapp', '1555')`,
    insertIntoA: `insert into public.social_contacts (platform_client_id, channel, platform_user_id) values ('${T(1)}', 'whatsapp', '1555')`,
    more: reactChatTests,
  },
  {
    stack: 'n8n-api',
    userA: U(1),
    userB: U(2),
    visible: { workflow_definitions: owned, workflow_runs: owned, webhook_events: owned, stock_metrics: owned },
    insertIntoB: `insert into public.workflow_definitions (owner_id, name, webhook_path) values ('${U(2)}', 'Borrowed', 'x')`,
    insertIntoA: `insert into public.workflow_definitions (owner_id, name, webhook_path) values ('${U(1)}', 'Mine', 'x')`,
    more: n8nApiTests,
  },
  {
    stack: 'supabase',
    userA: U(1),
    userB: U(2),
    visible: { profiles: 'id = $1' },
    insertIntoB: `insert into public.profiles (id, full_name) values ('${U(2)}', 'Mallory')
      on conflict (id) do update set full_name = excluded.full_name`,
    insertIntoA: `insert into public.profiles (id, full_name) values ('${U(1)}', 'Mallory')
      on conflict (id) do update set full_name = excluded.full_name`,
    more: supabaseTests,
  },
];

/** The rows of `relation` that `predicate` gives `user`, read by the owner (no RLS), as sorted text. */
async function rowsFor(db: PGlite, relation: string, predicate: string, user: string): Promise<string[]> {
  const where = predicate.replaceAll('$1', `'${user}'::uuid`);
  const { rows } = await db.query<{ row: string }>(`select r::text as row from public.${relation} r where ${where} order by 1`);
  return rows.map((r) => r.row);
}

/** The rows of `relation` that `user` reads through RLS, as sorted text. */
function rowsSeenBy(db: PGlite, relation: string, user: string): Promise<string[]> {
  return as(db, user, async () => {
    const { rows } = await db.query<{ row: string }>(`select r::text as row from public.${relation} r order by 1`);
    return rows.map((r) => r.row);
  });
}

/** The single value of a one-row, one-column query. */
async function value<T>(db: PGlite, sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.query<Record<string, T>>(sql, params);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql}`);
  return Object.values(rows[0]!)[0] as T;
}

describe.each(CASES)('$stack: migrations and seed on PostgreSQL with Supabase roles', (c) => {
  let db: PGlite;
  let sources: SqlSource[];

  beforeAll(async () => {
    sources = await migrationSources(c.stack, NAME);
    db = await supabaseDb(sources);
  }, 60_000);
  afterAll(() => db?.close());

  it('applies every migration (fixed 14-digit timestamps), then seed.sql', async () => {
    const migrations = sources.slice(0, -1).map((s) => s.name);
    expect(migrations.length).toBeGreaterThan(0);
    for (const name of migrations) expect(name).toMatch(/^migrations\/2026\d{10}_[a-z0-9_]+\.sql$/);
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
        try {
          return `${(await db.query(`select * from public.${relation}`)).rows.length} rows`;
        } catch (error) {
          return (error as Error).message;
        }
      });
      expect(outcome).toBe(`permission denied for ${c.views?.[relation] ? 'view' : 'table'} ${relation}`);
    }
  });

  it('gives service_role (Edge Functions with the service key) every row of every table', async () => {
    for (const table of Object.keys(c.visible)) {
      const total = await value(db, `select count(*)::int from public.${table}`);
      const seen = await asServiceRole(db, async () => {
        const granted = await value(
          db,
          `select bool_and(has_table_privilege('service_role', 'public.${table}', p))
          from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE']) p`,
        );
        return { granted, rows: await value(db, `select count(*)::int from public.${table}`) };
      });
      expect([table, seen]).toEqual([table, { granted: true, rows: total }]);
    }
  });

  for (const who of ['userA', 'userB'] as const) {
    it(`shows ${who} only the rows of their own tenant, in every table and view`, async () => {
      const user = c[who];
      for (const [relation, predicate] of Object.entries({ ...c.visible, ...c.views })) {
        const all = await rowsFor(db, relation, 'true', user);
        const mine = await rowsFor(db, relation, predicate, user);
        expect(mine.length, `${relation}: seed rows ${who} may see`).toBeGreaterThan(0);
        expect(mine.length, `${relation}: seed rows ${who} may not see`).toBeLessThan(all.length);
        expect(await rowsSeenBy(db, relation, user), relation).toEqual(mine);
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
      // Either no row matches for A (RLS) or the command is not granted at all: both leave B's rows alone.
      const attempt = (sql: string) =>
        as(db, c.userA, async () => {
          try {
            return (await db.query(sql, [ids])).affectedRows;
          } catch (error) {
            return (error as Error).message;
          }
        });
      const changed = [
        await attempt(`update public.${table} set updated_at = now() where id = any($1::uuid[])`),
        await attempt(`delete from public.${table} where id = any($1::uuid[])`),
      ].map((outcome) => (outcome === 0 || outcome === `permission denied for table ${table}` ? 0 : outcome));
      expect([table, changed]).toEqual([table, [0, 0]]);
    }
  });

  it('would notice a leaking policy (the isolation check can fail)', async () => {
    const [table, predicate] = Object.entries(c.visible)[0]!;
    const mine = await rowsFor(db, table, predicate, c.userA);
    await db.exec(`create policy leak on public.${table} for select to authenticated using (true)`);
    try {
      expect(await rowsSeenBy(db, table, c.userA)).not.toEqual(mine);
    } finally {
      await db.exec(`drop policy leak on public.${table}`);
    }
    expect(await rowsSeenBy(db, table, c.userA)).toEqual(mine);
  });

  c.more?.(() => db);
});

describe('the checks above can fail', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await supabaseDb([]);
  }, 60_000);
  afterAll(() => db?.close());

  it('schemaProblems reports each broken rule, and nothing for a correct table', async () => {
    await db.exec(`
      create schema scratch;
      grant usage on schema scratch to anon, authenticated;
      create function scratch.set_updated_at() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;
      revoke execute on function scratch.set_updated_at() from public;

      -- Correct: RLS, one policy per granted command, (select auth.uid()), timestamps and trigger.
      create table scratch.owners (id uuid primary key, created_at timestamptz not null default now(), updated_at timestamptz not null default now());
      create trigger set_updated_at before update on scratch.owners for each row execute function scratch.set_updated_at();
      alter table scratch.owners enable row level security;
      create policy "owners: read" on scratch.owners for select to authenticated using (id = (select auth.uid()));
      grant select on scratch.owners to authenticated;

      -- Broken: no RLS, unindexed foreign key, no timestamps, anon grant, TRUNCATE for authenticated.
      create table scratch.notes (id uuid primary key, owner_id uuid references scratch.owners (id), body text);
      grant select, truncate on scratch.notes to anon, authenticated;

      -- Broken: a policy for every role, auth.uid() per row, DELETE granted without a policy, a definer view.
      create table scratch.tasks (id uuid primary key, owner_id uuid, created_at timestamptz, updated_at timestamptz);
      create trigger set_updated_at before update on scratch.tasks for each row execute function scratch.set_updated_at();
      alter table scratch.tasks enable row level security;
      create policy "tasks: read" on scratch.tasks for select using (owner_id = auth.uid());
      grant select, delete on scratch.tasks to authenticated;
      create view scratch.task_list as select id from scratch.tasks;
      revoke all on scratch.task_list from anon;

      -- Broken: a function anon can call.
      create function scratch.leak() returns int language sql as 'select 1';
    `);
    expect(await schemaProblems(db, 'scratch')).toEqual([
      'notes: RLS disabled',
      'notes: SELECT granted to anon',
      'notes: SELECT granted to authenticated without a policy',
      'notes: TRUNCATE granted to anon',
      'notes: TRUNCATE granted to authenticated',
      'notes: foreign key notes_owner_id_fkey has no index',
      'notes: no created_at timestamptz column',
      'notes: no set_updated_at trigger',
      'notes: no updated_at timestamptz column',
      'scratch.leak(): executable by anon',
      'task_list: view does not run with security_invoker',
      'tasks: DELETE granted to authenticated without a policy',
      'tasks: policy "tasks: read" calls auth.uid() per row; write (select auth.uid())',
      'tasks: policy "tasks: read" is not limited to authenticated',
    ]);
  });
});

function vueCrmTests(db: () => PGlite) {
  it('keeps the display name intact in the seed ({{sql}} quoting)', async () => {
    expect(await value(db(), `select name from public.organizations where id = $1`, [T(1)])).toBe(NAME);
  });

  it('makes the creator of an organization its owner, and lets them read it back', async () => {
    const role = await as(db(), U(3), async () => {
      const id = await value<string>(db(), `insert into public.organizations (name) values ('Side project') returning id`);
      return value(db(), `select role from public.memberships where organization_id = $1 and user_id = $2`, [id, U(3)]);
    });
    expect(role).toBe('owner');
  });

  it('lets only owners and admins add members, and admins never add an owner', async () => {
    const add = (role: string) => `insert into public.memberships (organization_id, user_id, role) values ('${T(1)}', '${U(2)}', '${role}')`;
    expect((await as(db(), U(3), () => failure(db(), add('member'))))?.message).toMatch(/violates row-level security/);
    expect(await as(db(), U(1), () => failure(db(), add('member')))).toBeNull();
    await rolledBack(db(), async () => {
      await db().exec(`update public.memberships set role = 'admin' where user_id = '${U(3)}'`);
      expect(await as(db(), U(3), () => failure(db(), add('member')))).toBeNull();
      expect((await as(db(), U(3), () => failure(db(), add('owner'))))?.message).toMatch(/violates row-level security/);
    });
  });

  it('moves an opportunity only forward; won and lost are final', async () => {
    const move = (stage: string) => failure(db(), `update public.opportunities set stage = $1 where id = '0d000000-0000-4000-8000-000000000001'`, [stage]);
    await as(db(), U(1), async () => {
      expect((await rolledBack(db(), () => move('lead')))?.message).toMatch(/cannot move from proposal back to lead/);
      expect(await move('negotiation')).toBeNull();
      expect(await move('lost')).toBeNull();
      expect((await rolledBack(db(), () => move('won')))?.code).toBe('23514');
    });
  });

  it("summarizes only the caller's organizations", async () => {
    const rows = await as(
      db(),
      U(1),
      async () => (await db().query(`select name, contact_count, pipeline_amount, won_amount from public.organization_summary_analytics`)).rows,
    );
    expect(rows).toEqual([{ name: NAME, contact_count: 2, pipeline_amount: '12000.00', won_amount: '3500.00' }]);
  });
}

function astroImsTests(db: () => PGlite) {
  const admin = U(1);
  const ines = U(2);
  const tomas = U(3);
  const I = (n: number) => `0e000000-0000-4000-8000-00000000000${n}`;

  it('shows the admin every row of every table', async () => {
    for (const table of await tablesOf(db(), 'public')) {
      const total = await value(db(), `select count(*)::int from public.${table}`);
      expect([table, await as(db(), admin, () => value(db(), `select count(*)::int from public.${table}`))]).toEqual([table, total]);
    }
  });

  it('shows an installer only the installations assigned to them', async () => {
    const seen = (user: string) =>
      as(db(), user, async () => (await db().query<{ id: string }>(`select id from public.installations order by id`)).rows.map((r) => r.id));
    expect(await seen(ines)).toEqual([I(1), I(4)]);
    expect(await seen(tomas)).toEqual([I(2), I(4)]);
    expect(await seen(admin)).toEqual([I(1), I(2), I(3), I(4)]);
  });

  it('lets an assigned installer change the status, and records the change in the history', async () => {
    const history = await as(db(), ines, async () => {
      const updated = await db().query(`update public.installations set status = 'completed', notes = 'Done' where id = $1`, [I(1)]);
      expect(updated.affectedRows).toBe(1);
      return (
        await db().query(
          `select from_status, to_status, changed_by from public.installation_status_history
        where installation_id = $1 and to_status = 'completed'`,
          [I(1)],
        )
      ).rows;
    });
    expect(history).toEqual([{ from_status: 'in_progress', to_status: 'completed', changed_by: ines }]);
  });

  it('refuses an installer any other change, and a promotion of themselves to admin', async () => {
    const moved = await as(db(), ines, () =>
      failure(db(), `update public.installations set customer_id = '0c000000-0000-4000-8000-000000000002' where id = $1`, [I(1)]),
    );
    expect(moved?.message).toMatch(/only the status and notes/);
    const promoted = await as(db(), ines, () => failure(db(), `update public.profiles set role = 'admin' where id = $1`, [ines]));
    expect(promoted?.message).toMatch(/violates row-level security/);
    const created = await as(db(), ines, () => failure(db(), `insert into public.customers (name) values ('New customer')`));
    expect(created?.message).toMatch(/violates row-level security/);
    expect(await as(db(), ines, () => failure(db(), `update public.profiles set full_name = 'Ines M.' where id = $1`, [ines]))).toBeNull();
  });

  it('moves an installation only forward, and lets an installer receive broadcasts on their own topic only', async () => {
    await as(db(), ines, async () => {
      expect((await failure(db(), `update public.installations set status = 'scheduled' where id = $1`, [I(1)]))?.code).toBe('23514');
    });
    await rolledBack(db(), async () => {
      await db().query(
        `insert into realtime.messages (topic, extension, payload, private) values ($1, 'broadcast', '{}', true), ($2, 'broadcast', '{}', true)`,
        [`installer:${ines}`, `installer:${tomas}`],
      );
      const seen = (topic: string) =>
        as(db(), ines, async () => {
          await db().query(`select set_config('realtime.topic', $1, true)`, [topic]);
          return value<number>(db(), 'select count(*)::int from realtime.messages');
        });
      expect(await seen(`installer:${ines}`)).toBe(1);
      expect(await seen(`installer:${tomas}`)).toBe(0);
    });
  });

  it('lets the admin assign an installer, who then sees the installation and its customer', async () => {
    await as(db(), admin, async () => {
      await db().query(`insert into public.installation_assignments (installation_id, installer_id) values ($1, $2)`, [I(3), ines]);
      const customers = await as(db(), ines, async () => (await db().query(`select name from public.customers order by name`)).rows);
      expect(customers).toEqual([{ name: 'Greenfield Farm' }, { name: 'Sunny Apartments' }]);
    });
    const before = await as(db(), ines, async () => (await db().query(`select name from public.customers`)).rows);
    expect(before).toEqual([{ name: 'Greenfield Farm' }]);
  });
}

function reactChatTests(db: () => PGlite) {
  it('keeps the display name intact in the seed ({{sql}} quoting)', async () => {
    expect(await value(db(), `select name from public.platform_clients where id = $1`, [T(1)])).toBe(NAME);
  });

  it('publishes conversations and messages to supabase_realtime', async () => {
    const { rows } = await db().query(`select schemaname, tablename from pg_publication_tables
      where pubname = 'supabase_realtime' order by tablename`);
    expect(rows).toEqual([
      { schemaname: 'public', tablename: 'conversations' },
      { schemaname: 'public', tablename: 'messages' },
    ]);
  });

  it('creates the publication where it does not exist yet', async () => {
    const realtime = (await migrationSources('react-chat', NAME)).find((s) => s.sql.includes('alter publication'));
    expect(realtime).toBeDefined();
    await rolledBack(db(), async () => {
      await db().exec(`drop publication supabase_realtime`);
      await db().exec(realtime!.sql);
      expect(await value(db(), `select count(*)::int from pg_publication_tables where pubname = 'supabase_realtime'`)).toBe(2);
    });
  });

  it('stores a webhook delivered twice once, and moves the conversation up the inbox', async () => {
    const conversation = '0d000000-0000-4000-8000-000000000002';
    const insert = `insert into public.messages (platform_client_id, conversation_id, channel, direction, body, platform_message_id)
      values ($1, $2, 'instagram', 'inbound', 'Still there?', 'ig.mid.NEW') on conflict do nothing`;
    await asServiceRole(db(), async () => {
      expect((await db().query(insert, [T(1), conversation])).affectedRows).toBe(1);
      expect((await db().query(insert, [T(1), conversation])).affectedRows).toBe(0);
      const age = await value<number>(db(), `select extract(epoch from now() - last_message_at)::int from public.conversations where id = $1`, [conversation]);
      expect(age).toBeLessThan(60);
    });
  });

  it('stores a webhook message the way the webhook functions do (service role, upserts)', async () => {
    const lastMessageAt = await asServiceRole(db(), async () => {
      const client = await value(
        db(),
        `select platform_client_id from public.channel_accounts
        where channel = 'whatsapp' and account_id = '100000000000001'`,
      );
      expect(client).toBe(T(1));
      const contact = await value(
        db(),
        `insert into public.social_contacts (platform_client_id, channel, platform_user_id, display_name)
        values ($1, 'whatsapp', '34600999888', 'New lead') on conflict (platform_client_id, channel, platform_user_id)
        do update set display_name = excluded.display_name returning id`,
        [client],
      );
      const conversation = await value(
        db(),
        `insert into public.conversations (platform_client_id, social_contact_id, channel)
        values ($1, $2, 'whatsapp') on conflict (social_contact_id, channel)
        do update set platform_client_id = excluded.platform_client_id returning id`,
        [client, contact],
      );
      const message = `insert into public.messages (platform_client_id, conversation_id, channel, direction, body, platform_message_id, sent_at)
        values ($1, $2, 'whatsapp', 'inbound', 'Hello', 'wamid.NEW', '2026-11-05 10:00+00')
        on conflict (platform_client_id, channel, platform_message_id) do nothing`;
      expect((await db().query(message, [client, conversation])).affectedRows).toBe(1);
      expect((await db().query(message, [client, conversation])).affectedRows).toBe(0);
      return value<Date>(db(), `select last_message_at from public.conversations where id = $1`, [conversation]);
    });
    expect(lastMessageAt.toISOString()).toBe('2026-11-05T10:00:00.000Z');
  });

  it("lets no member claim a business account (it would receive another client's messages)", async () => {
    const error = await as(db(), U(1), () =>
      failure(
        db(),
        `insert into public.channel_accounts
      (platform_client_id, channel, account_id) values ($1, 'messenger', '100000000000002')`,
        [T(1)],
      ),
    );
    expect(error?.message).toBe('permission denied for table channel_accounts');
  });

  it("refuses a message that points at another client's conversation, even from the service role", async () => {
    const error = await asServiceRole(db(), () =>
      failure(
        db(),
        `insert into public.messages (platform_client_id, conversation_id, channel, direction, body, delivery_status)
        values ($1, '0d000000-0000-4000-8000-000000000003', 'messenger', 'outbound', 'Hi', 'pending')`,
        [T(1)],
      ),
    );
    expect(error?.message).toMatch(/violates foreign key constraint/);
  });

  it('lets members read messages but write none: send-message and the webhooks store them (service role)', async () => {
    const conversation = '0d000000-0000-4000-8000-000000000001';
    const attempts = [
      `insert into public.messages (platform_client_id, conversation_id, channel, direction, body, delivery_status)
        values ('${T(1)}', '${conversation}', 'whatsapp', 'outbound', 'Hi', 'sent')`,
      `update public.messages set delivery_status = 'read' where conversation_id = '${conversation}'`,
    ];
    for (const sql of attempts) {
      expect((await as(db(), U(1), () => failure(db(), sql)))?.message, sql).toBe('permission denied for table messages');
    }
    expect(await as(db(), U(1), () => value(db(), `select count(*)::int from public.messages where conversation_id = $1`, [conversation]))).toBe(2);
  });

  it("moves a delivery status forward only, the way the webhooks apply Meta's status updates", async () => {
    const status = () => value<string>(db(), `select delivery_status from public.messages where platform_message_id = 'wamid.SEED0002'`);
    await rolledBack(db(), () =>
      asServiceRole(db(), async () => {
        expect(await status()).toBe('read');
        await db().query(`update public.messages set delivery_status = 'delivered' where platform_message_id = 'wamid.SEED0002'`);
        expect(await status()).toBe('read');
        await db().query(`update public.messages set delivery_status = 'sent', platform_message_id = 'wamid.X' where platform_message_id = 'wamid.SEED0002'`);
        expect(await value(db(), `select delivery_status from public.messages where platform_message_id = 'wamid.X'`)).toBe('read');
      }),
    );
  });

  it('applies a Stripe subscription event once, skips an older one, and lets only the service role call it', async () => {
    const apply = `select public.apply_stripe_subscription_event($1, 'customer.subscription.updated', $2, $3,
      'cus_SEED0002', 'sub_SEED0002', $4, 'price_SEED_PRO', now() + interval '30 days', false) as outcome`;
    const status = () => value<string>(db(), `select status from public.subscriptions where stripe_subscription_id = 'sub_SEED0002'`);
    await rolledBack(db(), async () => {
      await asServiceRole(db(), async () => {
        expect(await value(db(), apply, ['evt_1', new Date(), T(2), 'past_due'])).toBe('applied');
        expect(await value(db(), apply, ['evt_1', new Date(), T(2), 'canceled'])).toBe('duplicate');
        expect(await value(db(), apply, ['evt_old', new Date(Date.UTC(2020, 0, 1)), T(2), 'active'])).toBe('stale');
        expect(await value(db(), apply, ['evt_2', new Date(), '0a000000-0000-4000-8000-00000000000f', 'active'])).toBe('unknown_client');
        expect(await status()).toBe('past_due');
      });
    });
    for (const user of [U(1), U(2)]) {
      const error = await as(db(), user, () => failure(db(), apply, ['evt_3', new Date(), T(2), 'canceled']));
      expect(error?.message).toMatch(/permission denied for function apply_stripe_subscription_event/);
      const write = await as(db(), user, () => failure(db(), `update public.subscriptions set status = 'active'`));
      expect(write?.message).toBe('permission denied for table subscriptions');
    }
  });
}

function n8nApiTests(db: () => PGlite) {
  const run = (owner: string, definition: string, key: string) =>
    `insert into public.workflow_runs (owner_id, workflow_definition_id, idempotency_key) values ('${owner}', '${definition}', '${key}')`;

  it('keeps one run per idempotency key and owner', async () => {
    expect((await as(db(), U(1), () => failure(db(), run(U(1), T(1), 'seed-dana-2026-11-02'))))?.message).toMatch(/duplicate key/);
    expect(await as(db(), U(2), () => failure(db(), run(U(2), T(2), 'seed-dana-2026-11-02')))).toBeNull();
  });

  it("refuses a run of another owner's workflow", async () => {
    expect((await as(db(), U(1), () => failure(db(), run(U(1), T(2), 'borrowed'))))?.message).toMatch(/violates foreign key constraint/);
  });

  it('starts a run the way trigger-workflow does: owner from the JWT, one run per key', async () => {
    const start = `insert into public.workflow_runs (workflow_definition_id, idempotency_key, input)
      values ($1, 'request-42', '{"symbols":["NVDA"]}') on conflict (owner_id, idempotency_key) do nothing returning owner_id`;
    const owners = await as(db(), U(1), async () => [(await db().query(start, [T(1)])).rows, (await db().query(start, [T(1)])).rows]);
    expect(owners).toEqual([[{ owner_id: U(1) }], []]);
  });

  it('applies a callback once and never moves a run back (apply_workflow_callback, service role only)', async () => {
    const apply = (delivery: string, status: string) =>
      value(db(), `select public.apply_workflow_callback($1, '0b000000-0000-4000-8000-000000000002', $2, '{"stored":1}')`, [delivery, status]);
    const results = await asServiceRole(db(), async () => [
      await apply('delivery-0001', 'succeeded'),
      await apply('delivery-0001', 'succeeded'),
      await apply('delivery-0002', 'running'),
      await value(db(), `select status from public.workflow_runs where id = '0b000000-0000-4000-8000-000000000002'`),
    ]);
    expect(results).toEqual([
      { duplicate: false, applied: true, status: 'succeeded' },
      { duplicate: true, applied: false, status: 'succeeded' },
      { duplicate: false, applied: false, status: 'succeeded' },
      'succeeded',
    ]);
    const denied = await as(db(), U(1), () =>
      failure(db(), `select public.apply_workflow_callback('delivery-0003', '0b000000-0000-4000-8000-000000000002', 'failed')`),
    );
    expect(denied?.message).toMatch(/permission denied for function apply_workflow_callback/);
  });

  it('rejects a duplicate n8n callback the way n8n-callback stores it (service role)', async () => {
    const error = await asServiceRole(db(), () =>
      failure(
        db(),
        `insert into public.webhook_events
      (owner_id, workflow_run_id, source, delivery_id, event_type) values ($1, '0b000000-0000-4000-8000-000000000001', 'n8n', 'seed-delivery-0001', 'run.succeeded')`,
        [U(1)],
      ),
    );
    expect(error?.code).toBe('23505');
  });
}

function supabaseTests(db: () => PGlite) {
  it('creates a profile when a user signs up', async () => {
    await rolledBack(db(), async () => {
      const id = U(9);
      await db().query(`insert into auth.users (id, email, raw_user_meta_data) values ($1, 'new@example.com', $2)`, [
        id,
        JSON.stringify({ full_name: 'New User', avatar_url: 'https://example.com/a.png' }),
      ]);
      const profile = await as(db(), id, async () => (await db().query(`select full_name, avatar_url from public.profiles`)).rows);
      expect(profile).toEqual([{ full_name: 'New User', avatar_url: 'https://example.com/a.png' }]);
    });
  });
}
