// Each stack's Supabase starter on a real PostgreSQL (Debian's packages), prepared like a Supabase
// database: the migrations applied as the non-superuser `postgres` role, then seed.sql; the pgTAP
// tests the starter ships (supabase/tests) run with pg_prove; Supabase's own gates (`supabase db
// advisors`, `supabase db lint`) pass; and RLS keeps a one-tenant count fast on a large table.
// Without PostgreSQL the file is skipped, except under CI, where it fails.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, PASSWORD, postgresMissing, run, SUPABASE_ROLES, SUPABASE_SCHEMAS, startCluster, supabaseFiles } from './helpers/postgres.js';
import { renderProject } from './helpers/project.js';
import { output, STACKS, supabase, TEMPLATES } from './helpers/tools.js';

const missing = postgresMissing();
const timings: Record<string, Record<string, number>> = {};

function timed<T>(stack: string, step: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  return fn().finally(() => {
    timings[stack] = { ...timings[stack], [step]: Math.round(performance.now() - start) };
  });
}

/** A user or tenant id of the scale test: `prefix` plus n as the last 12 digits. */
const id = (prefix: string, n: number | string) => `${prefix}000000-0000-4000-8000-${typeof n === 'number' ? String(n).padStart(12, '0') : n}`;
/** The same, as SQL over a generate_series column. */
const idSql = (prefix: string, column: string) => `('${prefix}000000-0000-4000-8000-' || lpad(${column}::text, 12, '0'))::uuid`;

const SCALE_USERS = `insert into auth.users (id, email, aud, role)
  select ${idSql('e0', 't')}, 'scale' || t || '@test.example', 'authenticated', 'authenticated' from generate_series(1, $TENANTS) t;`;

/**
 * Per stack: the main tenant-scoped table, SQL that fills it for $TENANTS tenants with $ROWS rows each
 * (run by the superuser with triggers and foreign key checks off), and the same count as user 1 sees it,
 * written with an explicit filter for tenant 1, run without RLS.
 */
interface ScaleCase {
  table: string;
  load: string;
  filtered: string;
  /** How many rows user 1 sees: $ROWS, or 1 where each user is their own tenant with one row. */
  seen?: number;
}

const SCALE: Record<string, ScaleCase> = {
  'vue-crm': {
    table: 'contacts',
    load: `${SCALE_USERS}
      insert into public.organizations (id, name, created_by) select ${idSql('ea', 't')}, 'Scale ' || t, ${idSql('e0', 't')} from generate_series(1, $TENANTS) t;
      insert into public.memberships (organization_id, user_id, role) select ${idSql('ea', 't')}, ${idSql('e0', 't')}, 'owner' from generate_series(1, $TENANTS) t;
      insert into public.contacts (organization_id, first_name, last_name)
        select ${idSql('ea', 't')}, 'Contact', 'No ' || r from generate_series(1, $TENANTS) t, generate_series(1, $ROWS) r;`,
    filtered: `select count(*) from public.contacts where organization_id = '${id('ea', 1)}'`,
  },
  'astro-ims': {
    table: 'installations',
    load: `${SCALE_USERS}
      insert into public.profiles (id, email, role) select ${idSql('e0', 't')}, 'scale' || t || '@test.example', 'installer' from generate_series(1, $TENANTS) t;
      insert into public.customers (id, name) select ${idSql('ec', 't')}, 'Customer ' || t from generate_series(1, $TENANTS) t;
      insert into public.installations (id, customer_id, title, address)
        select md5('scale-' || t || '-' || r)::uuid, ${idSql('ec', 't')}, 'Job ' || r, 'Street ' || r
        from generate_series(1, $TENANTS) t, generate_series(1, $ROWS) r;
      insert into public.installation_assignments (installation_id, installer_id)
        select md5('scale-' || t || '-' || r)::uuid, ${idSql('e0', 't')} from generate_series(1, $TENANTS) t, generate_series(1, $ROWS) r;`,
    filtered: `select count(*) from public.installations where id in
      (select installation_id from public.installation_assignments where installer_id = '${id('e0', 1)}')`,
  },
  'react-chat': {
    table: 'messages',
    load: `${SCALE_USERS}
      insert into public.platform_clients (id, name, created_by) select ${idSql('ea', 't')}, 'Scale ' || t, ${idSql('e0', 't')} from generate_series(1, $TENANTS) t;
      insert into public.platform_client_members (platform_client_id, user_id, role) select ${idSql('ea', 't')}, ${idSql('e0', 't')}, 'owner' from generate_series(1, $TENANTS) t;
      insert into public.social_contacts (id, platform_client_id, channel, platform_user_id)
        select ${idSql('ec', 't')}, ${idSql('ea', 't')}, 'whatsapp', 'scale-' || t from generate_series(1, $TENANTS) t;
      insert into public.conversations (id, platform_client_id, social_contact_id, channel)
        select ${idSql('ed', 't')}, ${idSql('ea', 't')}, ${idSql('ec', 't')}, 'whatsapp' from generate_series(1, $TENANTS) t;
      insert into public.messages (platform_client_id, conversation_id, channel, direction, body, platform_message_id)
        select ${idSql('ea', 't')}, ${idSql('ed', 't')}, 'whatsapp', 'inbound', 'Message ' || r, 'scale-' || t || '-' || r
        from generate_series(1, $TENANTS) t, generate_series(1, $ROWS) r;`,
    filtered: `select count(*) from public.messages where platform_client_id = '${id('ea', 1)}'`,
  },
  'n8n-api': {
    table: 'workflow_runs',
    load: `${SCALE_USERS}
      insert into public.workflow_definitions (id, owner_id, name, webhook_path)
        select ${idSql('ea', 't')}, ${idSql('e0', 't')}, 'Scale', 'scale' from generate_series(1, $TENANTS) t;
      insert into public.workflow_runs (owner_id, workflow_definition_id, idempotency_key, status)
        select ${idSql('e0', 't')}, ${idSql('ea', 't')}, 'scale-' || r, 'succeeded' from generate_series(1, $TENANTS) t, generate_series(1, $ROWS) r;`,
    filtered: `select count(*) from public.workflow_runs where owner_id = '${id('e0', 1)}'`,
  },
  // The generic stack's one table is per user: $TENANTS x $ROWS users with a profile each.
  supabase: {
    table: 'profiles',
    load: `insert into auth.users (id, email, aud, role)
        select ${idSql('e0', 'u')}, 'scale' || u || '@test.example', 'authenticated', 'authenticated' from generate_series(1, $TENANTS * $ROWS) u;
      insert into public.profiles (id, full_name) select ${idSql('e0', 'u')}, 'User ' || u from generate_series(1, $TENANTS * $ROWS) u;`,
    filtered: `select count(*) from public.profiles where id = '${id('e0', 1)}'`,
    seen: 1,
  },
};

const TENANTS = 200;
const ROWS = 1000;
const pgtapCounts: Record<string, number> = {};
const scaleFigures: Record<string, { rlsMs: number; filteredMs: number; rows: number }> = {};

/** Runs `count` five times in one session (after one warm-up run); returns the count and the fastest time in ms. */
async function timeCount(cluster: Cluster, db: string, count: string, setup = ''): Promise<{ rows: number; ms: number }> {
  const out = await cluster.psql(
    db,
    `\\pset tuples_only on
\\pset format unaligned
begin;
${setup}
${count};
\\timing on
${`${count};\n`.repeat(5)}\\timing off
rollback;
`,
  );
  const times = [...out.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]));
  const counts = [
    ...new Set(
      out
        .split('\n')
        .filter((line) => /^\d+$/.test(line))
        .map(Number),
    ),
  ];
  if (times.length !== 5 || counts.length !== 1) throw new Error(`unexpected psql output:\n${out}`);
  return { rows: counts[0]!, ms: Math.min(...times) };
}

/**
 * Splinter's lints 0028/0029 as a catalog query: security definer functions in a schema the API
 * exposes (authenticator's pgrst.db_schemas) that anon or authenticated may execute.
 */
async function exposedDefinerFunctions(cluster: Cluster, db: string): Promise<string[]> {
  const found = await cluster.rows(
    db,
    `select p.oid::regprocedure::text || ' by ' || r.rolname
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     cross join (values ('anon'), ('authenticated')) r(rolname)
     where p.prosecdef and n.nspname = any (string_to_array(
         (select split_part(c, '=', 2) from pg_db_role_setting s, unnest(s.setconfig) c
          where s.setrole = 'authenticator'::regrole and c like 'pgrst.db_schemas=%'), ','))
       and has_function_privilege(r.rolname, p.oid, 'EXECUTE')
     order by 1`,
  );
  return found.map((r) => r[0]!);
}

/** A table per stack whose rows the shipped tests check are isolated: a policy that leaks it must fail them. */
const LEAKABLE: Record<string, string> = {
  'vue-crm': 'contacts',
  'astro-ims': 'installations',
  'react-chat': 'messages',
  'n8n-api': 'workflow_runs',
  supabase: 'profiles',
};

async function prove(cluster: Cluster, db: string, tests: string[]) {
  return run('pg_prove', ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', '-d', db, ...tests], {
    env: { ...process.env, PGPASSWORD: PASSWORD },
    timeoutMs: 120_000,
  });
}

if (missing) {
  if (process.env.CI) {
    it('has PostgreSQL, pgTAP and plpgsql_check installed (CI)', () => {
      throw new Error(`${missing}; .ci/run installs them`);
    });
  } else {
    it.skip(`PostgreSQL tests: ${missing}`, () => {});
    console.warn(`postgres.test.ts skipped: ${missing}`);
  }
} else {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster();
    await cluster.psql('postgres', SUPABASE_ROLES);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    console.log(`PostgreSQL test timings (ms): ${JSON.stringify(timings)}`);
    console.log(`pgTAP assertions passed per stack: ${JSON.stringify(pgtapCounts)}`);
    console.log(`RLS at scale (${TENANTS} tenants x ${ROWS} rows, fastest of 5): ${JSON.stringify(scaleFigures)}`);
  });

  describe.each(STACKS)('%s on PostgreSQL, prepared like Supabase', (stack) => {
    const db = stack.replaceAll('-', '_');
    let project: string;
    let files: ReturnType<typeof supabaseFiles>;

    beforeAll(async () => {
      project = await timed(stack, 'render', () => renderProject(stack, { dir: 'my-app', extraArgs: ['--templates-dir', TEMPLATES] }));
      files = supabaseFiles(path.join(project, 'supabase'));
      await timed(stack, 'migrate+seed', async () => {
        await cluster.psql('postgres', `create database ${db} owner postgres`);
        await cluster.psql(db, SUPABASE_SCHEMAS);
        for (const file of [...files.migrations, ...(files.seed ? [files.seed] : [])]) {
          try {
            await cluster.psql(db, readFileSync(file, 'utf8'), { user: 'postgres' });
          } catch (error) {
            throw new Error(`${path.basename(file)}: ${(error as Error).message}`);
          }
        }
      });
    }, 180_000);

    it('ships pgTAP tests, and they pass with pg_prove', async () => {
      expect(files.tests.length, 'supabase/tests/*.test.sql').toBeGreaterThan(0);
      const result = await timed(stack, 'pg_prove', () => prove(cluster, db, files.tests));
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/Result: PASS/);
      const count = Number(/Tests=(\d+)/.exec(String(result.stdout))?.[1]);
      expect(count, 'pgTAP assertions').toBeGreaterThan(5);
      pgtapCounts[stack] = count;
    });

    it("ships tests that fail when a policy leaks another tenant's rows", async () => {
      const table = LEAKABLE[stack]!;
      await cluster.psql(db, `create policy leak on public.${table} for select to authenticated using (true)`, { user: 'postgres' });
      try {
        const result = await prove(cluster, db, files.tests);
        expect(result.code, result.stdout).not.toBe(0);
        expect(result.stdout).toMatch(/Result: FAIL/);
      } finally {
        await cluster.psql(db, `drop policy leak on public.${table}`, { user: 'postgres' });
      }
    });

    it('passes `supabase db advisors` at level warn (no WARN, no ERROR)', async () => {
      const result = await timed(stack, 'advisors', () =>
        supabase(['db', 'advisors', `--remote=${cluster.url(db)}`, '--level', 'warn', '--fail-on', 'warn', '--output-format', 'json'], project),
      );
      expect(result.exitCode, output(result)).toBe(0);
      const levels = (JSON.parse(String(result.stdout)) as { results: { level: string; name: string }[] }).results.map((r) => `${r.level} ${r.name}`);
      expect(levels.filter((l) => !l.startsWith('INFO '))).toEqual([]);
    });

    it('has no security definer function in an exposed schema that anon or authenticated can run (lint 0028/0029)', async () => {
      expect(await exposedDefinerFunctions(cluster, db)).toEqual([]);
    });

    it('passes `supabase db lint` (plpgsql_check) at level error', async () => {
      const result = await timed(stack, 'lint', () =>
        supabase(['db', 'lint', `--remote=${cluster.url(db)}`, '--level', 'error', '--fail-on', 'error'], project),
      );
      expect(result.exitCode, output(result)).toBe(0);
    });

    it.runIf(SCALE[stack])(
      `keeps a one-tenant count fast with ${TENANTS} tenants x ${ROWS} rows`,
      async () => {
        const c = SCALE[stack]!;
        await timed(stack, 'scale load', () =>
          cluster.psql(
            db,
            `set session_replication_role = replica;\n${c.load.replaceAll('$TENANTS', String(TENANTS)).replaceAll('$ROWS', String(ROWS))}
          reset session_replication_role;\nanalyze;`,
            { timeoutMs: 170_000 },
          ),
        );
        const member = id('e0', 1);
        const rls = await timeCount(
          cluster,
          db,
          `select count(*) from public.${c.table}`,
          `set local role authenticated;\nset local request.jwt.claims to '{"sub":"${member}","role":"authenticated"}';`,
        );
        const filtered = await timeCount(cluster, db, c.filtered);
        scaleFigures[stack] = { rlsMs: rls.ms, filteredMs: filtered.ms, rows: rls.rows };
        expect(rls.rows, "the member sees exactly their tenant's rows").toBe(c.seen ?? ROWS);
        expect(filtered.rows).toBe(c.seen ?? ROWS);
        expect(rls.ms, JSON.stringify(scaleFigures[stack])).toBeLessThan(2000);
        expect(rls.ms < 50 || rls.ms <= 20 * filtered.ms, JSON.stringify(scaleFigures[stack])).toBe(true);
      },
      180_000,
    );
  });

  describe('the gates above can fail', () => {
    const db = 'scratch';
    let project: string;
    beforeAll(async () => {
      project = await renderProject('supabase', { dir: 'my-app', extraArgs: ['--templates-dir', TEMPLATES] });
      await cluster.psql('postgres', `create database ${db} owner postgres`);
      await cluster.psql(db, SUPABASE_SCHEMAS);
      await cluster.psql(
        db,
        `create table public.notes (id int primary key, body text);
         create function public.peek() returns int language sql security definer set search_path = '' as 'select 1';
         create function public.broken() returns int language plpgsql set search_path = '' as $$
           begin return (select n.missing from public.notes n limit 1); end $$;`,
        { user: 'postgres' },
      );
    }, 120_000);

    it('supabase db advisors fails on a table without RLS in an exposed schema', async () => {
      const result = await supabase(
        ['db', 'advisors', `--remote=${cluster.url(db)}`, '--level', 'warn', '--fail-on', 'warn', '--output-format', 'json'],
        project,
      );
      expect(result.exitCode).not.toBe(0);
      expect(output(result)).toMatch(/rls_disabled_in_public/);
    });

    it('the catalog query finds a security definer function that anon and authenticated can run', async () => {
      expect(await exposedDefinerFunctions(cluster, db)).toEqual(['peek() by anon', 'peek() by authenticated']);
    });

    it('supabase db lint fails on a function that reads a missing column', async () => {
      const result = await supabase(['db', 'lint', `--remote=${cluster.url(db)}`, '--level', 'error', '--fail-on', 'error'], project);
      expect(result.exitCode).not.toBe(0);
      expect(output(result)).toMatch(/missing/);
    });
  });
}
