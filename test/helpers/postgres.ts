import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUTH_FUNCTIONS, REALTIME_MESSAGES } from './supabase-sql.js';

/**
 * A private PostgreSQL cluster from the operating system's packages (Debian's `postgresql`,
 * `postgresql-15-pgtap`, `postgresql-15-plpgsql-check`), started for one test file on 127.0.0.1 with
 * a free port and a socket folder in a temporary directory, and prepared like a Supabase database.
 */

/** The server's programs (initdb, pg_ctl, psql), or null when PostgreSQL is not installed. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0]!, 'bin') : null;
}

/** What is missing to run the PostgreSQL tests here, or null when everything is installed. */
export function postgresMissing(): string | null {
  const bin = postgresBin();
  if (!bin) return 'PostgreSQL is not installed (apt-get install postgresql postgresql-15-pgtap postgresql-15-plpgsql-check)';
  const share = spawnSync(path.join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).stdout?.trim();
  const ext = share ? path.join(share, 'extension') : '';
  if (!existsSync(path.join(ext, 'pgtap.control'))) return 'pgTAP is not installed (apt-get install postgresql-15-pgtap)';
  if (!existsSync(path.join(ext, 'plpgsql_check.control'))) return 'plpgsql_check is not installed (apt-get install postgresql-15-plpgsql-check)';
  if (spawnSync('pg_prove', ['--version']).status !== 0) return 'pg_prove is not installed (apt-get install postgresql-15-pgtap)';
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'the postgres OS user does not exist';
  return null;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program with a time limit; never rejects (the result carries the exit code). */
export function run(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      {
        env: options.env ?? process.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error && code === null ? `\n${error.message}` : '') });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The password every login role of the test cluster gets (the cluster only listens on 127.0.0.1). */
export const PASSWORD = 'postgres';

export interface Cluster {
  port: number;
  bin: string;
  /** A postgresql:// URL for `user` (default postgres) on database `db`. */
  url: (db: string, user?: string) => string;
  /** Runs SQL with psql (stops at the first error); resolves with psql's output, rejects on failure. */
  psql: (db: string, sql: string, options?: { user?: string; timeoutMs?: number }) => Promise<string>;
  /** Runs one query and returns its rows as tab-separated fields. */
  rows: (db: string, sql: string, options?: { user?: string; timeoutMs?: number }) => Promise<string[][]>;
  stop: () => Promise<void>;
}

/**
 * Starts a private cluster whose superuser is `supabase_admin` (as on Supabase). As root, the
 * server runs as the `postgres` OS user (initdb refuses root); otherwise as the current user.
 */
export async function startCluster(): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error(postgresMissing() ?? 'PostgreSQL is not installed');
  const root = mkdtempSync(path.join(tmpdir(), 'ca-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(root, uid, gid);
  }
  chmodSync(root, 0o700);
  const data = path.join(root, 'data');
  const asServer = (file: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]);
  const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', PGTZ: 'UTC' };

  const init = await run(
    ...asServer(path.join(bin, 'initdb'), ['-D', data, '-U', 'supabase_admin', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']),
    { env, timeoutMs: 120_000 },
  );
  if (init.code !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.code}): ${init.stderr}`);
  }

  let port = 0;
  let started = false;
  for (let attempt = 0; attempt < 3 && !started; attempt++) {
    port = await freePort();
    const options =
      `-k ${root} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off` +
      ` -c full_page_writes=off -c shared_buffers=128MB -c max_connections=40 -c timezone=UTC`;
    const start = await run(
      ...asServer(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(root, 'server.log'), '-o', options, '-w', '-t', '60', 'start']),
      { env, timeoutMs: 90_000 },
    );
    started = start.code === 0;
  }
  const stop = async () => {
    await run(...asServer(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '20', 'stop']), { env, timeoutMs: 30_000 });
    rmSync(root, { recursive: true, force: true });
  };
  if (!started) {
    await stop();
    throw new Error('the PostgreSQL server did not start');
  }

  const url = (db: string, user = 'postgres') => `postgresql://${user}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const psql = async (db: string, sql: string, options: { user?: string; timeoutMs?: number } = {}) => {
    const result = await run(
      path.join(bin, 'psql'),
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', options.user ?? 'supabase_admin', '-d', db],
      { env: { ...env, PGPASSWORD: PASSWORD, PGOPTIONS: '--client-min-messages=warning' }, input: sql, timeoutMs: options.timeoutMs ?? 120_000 },
    );
    if (result.code !== 0) throw new Error(`psql failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  };
  const rows = async (db: string, sql: string, options: { user?: string; timeoutMs?: number } = {}) => {
    const result = await run(
      path.join(bin, 'psql'),
      [
        '-X',
        '-q',
        '-A',
        '-t',
        '-F',
        '\t',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        options.user ?? 'supabase_admin',
        '-d',
        db,
        '-c',
        sql,
      ],
      { env: { ...env, PGPASSWORD: PASSWORD }, timeoutMs: options.timeoutMs ?? 120_000 },
    );
    if (result.code !== 0) throw new Error(`psql failed (${result.code}): ${result.stderr}`);
    return result.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\t'));
  };
  return { port, bin, url, psql, rows, stop };
}

/** Roles that exist once per cluster, as on a Supabase project. */
export const SUPABASE_ROLES = `
alter role supabase_admin password '${PASSWORD}';
create role postgres login createrole createdb replication bypassrls password '${PASSWORD}';
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator login noinherit password '${PASSWORD}';
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;
create role supabase_auth_admin login noinherit createrole password '${PASSWORD}';
create role supabase_storage_admin login noinherit createrole password '${PASSWORD}';
create role supabase_realtime_admin nologin noinherit;
create role supabase_replication_admin login replication;
create role supabase_read_only_user login bypassrls;
create role dashboard_user nologin createrole createdb replication;
create role pgbouncer login;
-- The API (PostgREST) exposes these schemas; Supabase's linter reads them from this setting.
alter role authenticator set pgrst.db_schemas = 'public,graphql_public';
-- Extensions live in their own schema, on the search path of the roles that run SQL.
alter role postgres set search_path = "$user", public, extensions;
alter role supabase_admin set search_path = "$user", public, extensions;
alter role authenticator set statement_timeout = '8s';
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
`;

/**
 * What a fresh Supabase database has before the first migration, as far as migrations, seeds,
 * pgTAP tests and Supabase's linters see it. Run as supabase_admin (the superuser) in a new database
 * owned by postgres.
 */
export const SUPABASE_SCHEMAS = `
alter schema public owner to pg_database_owner;
grant usage on schema public to postgres, anon, authenticated, service_role;
grant all on schema public to postgres;

create schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant all on schema extensions to postgres with grant option;
create extension pgcrypto with schema extensions;
create extension "uuid-ossp" with schema extensions;
create extension pgtap with schema extensions;
create extension plpgsql_check with schema extensions;
grant execute on all functions in schema extensions to postgres with grant option;

create schema graphql_public;
grant usage on schema graphql_public to postgres, anon, authenticated, service_role;

-- Older projects grant every new object in public to the API roles; newer ones grant nothing.
-- Take the least convenient case of each: anon and authenticated get everything (so a missing
-- revoke shows), service_role nothing (so a missing grant shows).
alter default privileges for role postgres in schema public grant all on tables to anon, authenticated;
alter default privileges for role postgres in schema public grant all on sequences to anon, authenticated;
alter default privileges for role postgres in schema public grant all on functions to anon, authenticated;

-- auth: owned by Supabase Auth; postgres may reference, read and add triggers to its tables.
create schema auth authorization supabase_auth_admin;
grant usage on schema auth to postgres, anon, authenticated, service_role, dashboard_user;
set role supabase_auth_admin;
create table auth.users (
  instance_id uuid,
  id uuid not null primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255),
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text unique default null,
  phone_confirmed_at timestamptz,
  phone_change text default '',
  phone_change_token varchar(255) default '',
  phone_change_sent_at timestamptz,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current varchar(255) default '',
  email_change_confirm_status smallint default 0 check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  banned_until timestamptz,
  reauthentication_token varchar(255) default '',
  reauthentication_sent_at timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
create unique index users_email_partial_key on auth.users (email) where is_sso_user = false;
create index users_instance_id_idx on auth.users (instance_id);

create table auth.identities (
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  id uuid not null default gen_random_uuid() primary key,
  unique (provider_id, provider)
);
create index identities_user_id_idx on auth.identities (user_id);

${AUTH_FUNCTIONS}
alter table auth.users enable row level security;
alter table auth.identities enable row level security;
reset role;
grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt() to postgres, anon, authenticated, service_role, dashboard_user;
grant all on all tables in schema auth to postgres, dashboard_user with grant option;

-- storage: buckets and objects, with RLS on and no policies (as a new project has them).
create schema storage authorization supabase_storage_admin;
grant usage on schema storage to postgres, anon, authenticated, service_role;
set role supabase_storage_admin;
create table storage.buckets (
  id text primary key,
  name text not null unique,
  owner uuid,
  public boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create table storage.objects (
  id uuid primary key default gen_random_uuid(),
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,
  owner_id text,
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  user_metadata jsonb,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now()
);
create unique index bucketid_objname on storage.objects (bucket_id, name);
alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
reset role;
grant all on all tables in schema storage to postgres, anon, authenticated, service_role;

-- realtime (supabase-sql.ts): realtime.messages owned by postgres, as in a Supabase project.
${REALTIME_MESSAGES}
grant usage on schema realtime to postgres, anon, authenticated, service_role;
create index messages_inserted_at_topic_index on realtime.messages (inserted_at desc, topic)
  where extension = 'broadcast' and private is true;
alter table realtime.messages owner to postgres;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;
grant execute on function realtime.topic() to postgres, anon, authenticated, service_role;

set role postgres;
create publication supabase_realtime;
reset role;
`;

/** The names of the migration files and the seed of a rendered project's supabase/ folder, in run order. */
export function supabaseFiles(supabaseDir: string): { migrations: string[]; seed: string | null; tests: string[] } {
  const migrationsDir = path.join(supabaseDir, 'migrations');
  const migrations = readdirSync(migrationsDir)
    .filter((f) => /^([0-9]+)_(.*)\.sql$/.test(f))
    .sort()
    .map((f) => path.join(migrationsDir, f));
  const seed = existsSync(path.join(supabaseDir, 'seed.sql')) ? path.join(supabaseDir, 'seed.sql') : null;
  const testsDir = path.join(supabaseDir, 'tests');
  const tests = existsSync(testsDir)
    ? readdirSync(testsDir)
        .filter((f) => f.endsWith('.test.sql'))
        .sort()
        .map((f) => path.join(testsDir, f))
    : [];
  return { migrations, seed, tests };
}
