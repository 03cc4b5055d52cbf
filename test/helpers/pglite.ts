import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import Handlebars from 'handlebars';
import { renderProject } from './project.js';
import { AUTH_FUNCTIONS, REALTIME_MESSAGES } from './supabase-sql.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** One SQL file of a Supabase folder, in the order `supabase db reset` runs it. */
export interface SqlSource {
  name: string;
  sql: string;
}

/** The CLI's migration file pattern: anything else in supabase/migrations is skipped. */
const MIGRATION = /^([0-9]+)_(.*)\.sql$/;

/**
 * Where the SQL comes from. 'engine': the create-agents command renders a project (reading
 * templates/ from disk, so no rebuild is needed after a template change). 'templates': a stand-in
 * that renders templates/stacks/<id>/supabase directly, for when the command cannot run.
 */
const SOURCE: 'engine' | 'templates' = 'engine';

/**
 * The SQL a stack's Supabase starter runs on `supabase db reset`: every migration in file-name
 * order, then seed.sql, rendered with `name` as the project's display name.
 */
export async function migrationSources(stack: string, name = 'Acme CRM'): Promise<SqlSource[]> {
  if (SOURCE === 'engine') {
    const project = await renderProject(stack, { name, extraArgs: ['--templates-dir', path.join(REPO, 'templates')] });
    return readSupabaseFolder(path.join(project, 'supabase'), {});
  }
  const dir = path.join(REPO, 'templates/stacks', stack, 'supabase');
  return readSupabaseFolder(dir, { project: { name, id: 'my_app' }, stack: { id: stack }, supabase: true, team: [] });
}

/** Migrations (by file name) then the seed, from a `supabase/` folder; `.hbs` files rendered with `context`. */
export async function readSupabaseFolder(dir: string, context: object): Promise<SqlSource[]> {
  const render = (file: string, text: string) => (file.endsWith('.hbs') ? renderSql(text, context) : text);
  const migrationsDir = path.join(dir, 'migrations');
  const files = (await readdir(migrationsDir))
    .map((file) => ({ file, name: file.replace(/\.hbs$/, '') }))
    .filter((f) => MIGRATION.test(f.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const sources: SqlSource[] = [];
  for (const f of files) {
    sources.push({ name: `migrations/${f.name}`, sql: render(f.file, await readFile(path.join(migrationsDir, f.file), 'utf8')) });
  }
  for (const file of ['seed.sql', 'seed.sql.hbs']) {
    const p = path.join(dir, file);
    if (existsSync(p)) sources.push({ name: 'seed.sql', sql: render(file, await readFile(p, 'utf8')) });
  }
  return sources;
}

function renderSql(text: string, context: object): string {
  const hb = Handlebars.create();
  hb.registerHelper('sql', (value: unknown) => new hb.SafeString(`'${String(value ?? '').replaceAll("'", "''")}'`));
  return hb.compile(text, { noEscape: true, strict: true })(context);
}

/**
 * What a fresh Supabase database has before the first migration, reduced to what migrations and
 * seeds touch: the API roles, a stub `auth` schema whose functions read the request's JWT claims,
 * pgcrypto in `extensions`, an empty `supabase_realtime` publication and `realtime.messages`.
 * Default privileges take the least convenient case of each role: anon and authenticated are
 * granted every new object (as in projects older than Supabase's explicit-grants default), so a
 * missing revoke shows; service_role is granted nothing (as in newer projects), so a missing grant shows.
 */
export const SUPABASE_BOOTSTRAP = `
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;

create schema extensions;
create extension pgcrypto with schema extensions;
grant usage on schema public, extensions to anon, authenticated, service_role;

alter default privileges in schema public grant all on tables to anon, authenticated;
alter default privileges in schema public grant all on sequences to anon, authenticated;
alter default privileges in schema public grant all on functions to anon, authenticated;

create schema auth;
grant usage on schema auth to anon, authenticated, service_role;

create table auth.users (
  instance_id uuid,
  id uuid primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255) unique,
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  confirmation_token varchar(255),
  recovery_token varchar(255),
  email_change_token_new varchar(255),
  email_change varchar(255),
  phone text unique,
  is_sso_user boolean not null default false,
  created_at timestamptz,
  updated_at timestamptz,
  deleted_at timestamptz
);

create table auth.identities (
  id uuid primary key default gen_random_uuid(),
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  unique (provider_id, provider)
);

${AUTH_FUNCTIONS}
grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt() to anon, authenticated, service_role;

create publication supabase_realtime;

${REALTIME_MESSAGES}
grant usage on schema realtime to anon, authenticated, service_role;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;
grant execute on function realtime.topic() to anon, authenticated, service_role;
`;

/** A PGlite database prepared like a fresh Supabase one, with `sources` applied in order. */
export async function supabaseDb(sources: SqlSource[]): Promise<PGlite> {
  const db = new PGlite({ extensions: { pgcrypto } });
  await db.exec(SUPABASE_BOOTSTRAP);
  for (const source of sources) {
    try {
      await db.exec(source.sql);
    } catch (error) {
      throw new Error(`${source.name} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return db;
}

/**
 * Runs `fn` in a transaction that is always rolled back (a savepoint when one is already open),
 * so that writes leave no trace and settings made with `set local` end with it.
 */
export async function rolledBack<T>(db: PGlite, fn: () => Promise<T>): Promise<T> {
  const nested = db.isInTransaction();
  await db.exec(nested ? 'savepoint rolled_back' : 'begin');
  try {
    return await fn();
  } finally {
    await db.exec(nested ? 'rollback to savepoint rolled_back; release savepoint rolled_back' : 'rollback');
  }
}

/**
 * Runs `fn` as an API request would: `anon` when `userId` is null, otherwise `authenticated` with
 * that user as the JWT subject. Rolled back like `rolledBack`, so a failed statement cannot leak
 * the role or the claims into the next test.
 */
export function as<T>(db: PGlite, userId: string | null, fn: () => Promise<T>): Promise<T> {
  const role = userId ? 'authenticated' : 'anon';
  return asRole(db, role, userId ? { sub: userId, role } : { role }, fn);
}

/** Runs `fn` as server code holding the service key would (no user, RLS bypassed), rolled back. */
export function asServiceRole<T>(db: PGlite, fn: () => Promise<T>): Promise<T> {
  return asRole(db, 'service_role', { role: 'service_role' }, fn);
}

function asRole<T>(db: PGlite, role: string, claims: { sub?: string; role: string }, fn: () => Promise<T>): Promise<T> {
  return rolledBack(db, async () => {
    await db.query(`select set_config('request.jwt.claim.sub', $1, true), set_config('request.jwt.claims', $2, true)`, [
      claims.sub ?? '',
      JSON.stringify(claims),
    ]);
    await db.exec(`set local role ${role}`);
    return fn();
  });
}

/** The error a statement fails with, or null when it succeeds. */
export async function failure(db: PGlite, sql: string, params: unknown[] = []): Promise<(Error & { code?: string }) | null> {
  try {
    await db.query(sql, params);
    return null;
  } catch (error) {
    return error as Error & { code?: string };
  }
}

/** Tables (ordinary and partitioned) of a schema. */
export async function tablesOf(db: PGlite, schema: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p') order by 1`,
    [schema],
  );
  return rows.map((r) => r.name);
}

/** Views of a schema. */
export async function viewsOf(db: PGlite, schema: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('v', 'm') order by 1`,
    [schema],
  );
  return rows.map((r) => r.name);
}

async function names(db: PGlite, sql: string, schema: string): Promise<string[]> {
  const { rows } = await db.query<{ problem: string }>(sql, [schema]);
  return rows.map((r) => r.problem);
}

const RELATIONS = `pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = $1`;
const COMMANDS = `(values ('SELECT', 'r'), ('INSERT', 'a'), ('UPDATE', 'w'), ('DELETE', 'd')) as cmd(name, code)`;

/**
 * Every way a schema breaks the Supabase rules this project follows, as readable strings.
 * An empty list means: RLS on every table; a policy for each command `authenticated` is granted,
 * all of them `to authenticated` and calling `(select auth.uid())`; nothing for `anon`; no
 * TRUNCATE/REFERENCES/TRIGGER for `authenticated` (TRUNCATE ignores RLS); views run as the caller;
 * every foreign key indexed; created_at/updated_at with the set_updated_at trigger on every table.
 */
export async function schemaProblems(db: PGlite, schema: string): Promise<string[]> {
  const checks = [
    `select c.relname || ': RLS disabled' as problem from ${RELATIONS}
       and c.relkind in ('r', 'p') and not c.relrowsecurity`,
    `select c.relname || ': ' || cmd.name || ' granted to authenticated without a policy' as problem
       from ${RELATIONS} and c.relkind in ('r', 'p') cross join ${COMMANDS}
       where has_table_privilege('authenticated', c.oid, cmd.name)
         and not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polcmd in (cmd.code, '*'))`,
    `select c.relname || ': ' || priv || ' granted to anon' as problem
       from ${RELATIONS} and c.relkind in ('r', 'p', 'v', 'm')
       cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) priv
       where has_table_privilege('anon', c.oid, priv)`,
    `select c.relname || ': ' || priv || ' granted to authenticated' as problem
       from ${RELATIONS} and c.relkind in ('r', 'p', 'v', 'm')
       cross join unnest(array['TRUNCATE', 'REFERENCES', 'TRIGGER']) priv
       where has_table_privilege('authenticated', c.oid, priv)`,
    `select p.oid::regprocedure::text || ': executable by anon' as problem
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = $1 and has_function_privilege('anon', p.oid, 'EXECUTE')`,
    `select c.relname || ': policy "' || p.polname || '" is not limited to authenticated' as problem
       from ${RELATIONS} join pg_policy p on p.polrelid = c.oid
       where p.polroles <> array['authenticated'::regrole]::oid[]`,
    `select c.relname || ': policy "' || p.polname || '" calls auth.uid() per row; write (select auth.uid())' as problem
       from ${RELATIONS} join pg_policy p on p.polrelid = c.oid
       cross join lateral (select coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' '
         || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') as expr) e
       where regexp_count(e.expr, 'auth\\.uid\\(\\)') > regexp_count(e.expr, 'SELECT auth\\.uid\\(\\)')`,
    `select c.relname || ': view does not run with security_invoker' as problem
       from ${RELATIONS} and c.relkind = 'v'
       and not coalesce('security_invoker=true' = any (c.reloptions) or 'security_invoker=on' = any (c.reloptions), false)`,
    `select c.relname || ': foreign key ' || k.conname || ' has no index' as problem
       from ${RELATIONS} join pg_constraint k on k.conrelid = c.oid and k.contype = 'f'
       where not exists (
         select 1 from pg_index i where i.indrelid = c.oid
           and (select array_agg(x order by x) from unnest(i.indkey::int2[]) with ordinality u(x, pos)
                where pos <= cardinality(k.conkey))
             = (select array_agg(x order by x) from unnest(k.conkey) x))`,
    `select c.relname || ': no ' || col || ' timestamptz column' as problem
       from ${RELATIONS} and c.relkind in ('r', 'p') cross join unnest(array['created_at', 'updated_at']) col
       where not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = col
         and a.atttypid = 'timestamptz'::regtype and not a.attisdropped)`,
    `select c.relname || ': no set_updated_at trigger' as problem
       from ${RELATIONS} and c.relkind in ('r', 'p')
       and not exists (select 1 from pg_trigger t join pg_proc f on f.oid = t.tgfoid
         where t.tgrelid = c.oid and f.proname = 'set_updated_at' and (t.tgtype & 2) = 2 and (t.tgtype & 16) = 16)`,
  ];
  const problems: string[] = [];
  for (const sql of checks) problems.push(...(await names(db, sql, schema)));
  return problems.sort();
}
