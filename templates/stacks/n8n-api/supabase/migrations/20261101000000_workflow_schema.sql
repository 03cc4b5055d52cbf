-- Workflow schema: the n8n workflows a user can trigger, their runs (one per idempotency key),
-- the webhook events n8n sends back, and the stock metrics the workflows produce.
-- Every row belongs to one owner (owner_id → auth.users).
-- RLS is enabled here and users get no grants yet: until the policies migration runs, every table is closed.

-- Keeps updated_at current on every table (see the triggers below).
create or replace function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create table public.workflow_definitions (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  -- The path of the n8n Webhook node that starts the workflow, e.g. "stock-analysis".
  webhook_path text not null check (webhook_path ~ '^[A-Za-z0-9_/-]+$'),
  description text,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (owner_id, name),
  -- Target of the composite foreign keys below: a row can only point at its owner's data.
  unique (owner_id, id)
);

create table public.workflow_runs (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  workflow_definition_id uuid not null,
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  -- Sent to n8n with the trigger; a retried request with the same key reuses the run.
  idempotency_key text not null check (char_length(idempotency_key) between 1 and 200),
  input jsonb not null default '{}'::jsonb,
  output jsonb,
  error text,
  attempts integer not null default 0 check (attempts >= 0),
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (owner_id, idempotency_key),
  unique (owner_id, id),
  foreign key (owner_id, workflow_definition_id)
    references public.workflow_definitions (owner_id, id) on delete restrict
);

-- Deliveries from n8n (callbacks); delivery_id makes a duplicate delivery a no-op.
create table public.webhook_events (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  workflow_run_id uuid,
  source text not null default 'n8n',
  delivery_id text not null,
  event_type text not null,
  payload jsonb not null default '{}'::jsonb,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (owner_id, source, delivery_id),
  foreign key (owner_id, workflow_run_id)
    references public.workflow_runs (owner_id, id) on delete set null (workflow_run_id)
);

create table public.stock_metrics (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  workflow_run_id uuid,
  symbol text not null check (symbol ~ '^[A-Z0-9.\-]{1,12}$'),
  captured_at timestamptz not null,
  price numeric(18, 6) not null check (price >= 0),
  volume bigint check (volume >= 0),
  change_percent numeric(9, 4),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (owner_id, symbol, captured_at),
  foreign key (owner_id, workflow_run_id)
    references public.workflow_runs (owner_id, id) on delete set null (workflow_run_id)
);

-- Indexes: owner_id leads every index (every policy filters on it), and each foreign key is covered.
create index workflow_runs_definition_idx on public.workflow_runs (owner_id, workflow_definition_id, created_at desc);
create index workflow_runs_status_idx on public.workflow_runs (owner_id, status);
create index webhook_events_run_idx on public.webhook_events (owner_id, workflow_run_id);
create index stock_metrics_run_idx on public.stock_metrics (owner_id, workflow_run_id);

create trigger set_updated_at before update on public.workflow_definitions
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.workflow_runs
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.webhook_events
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.stock_metrics
  for each row execute function public.set_updated_at();

-- A run only moves forward: queued, running, then succeeded, failed or cancelled (final).
-- A run may finish without having been reported as running. Signed-in users (trigger-workflow acts
-- as them) may start, fail or cancel their runs; only n8n's callbacks (the service role, through
-- apply_workflow_callback) report a success or an output.
create or replace function public.guard_workflow_run_status()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status is distinct from old.status and not (
    (old.status = 'queued' and new.status in ('running', 'succeeded', 'failed', 'cancelled'))
    or (old.status = 'running' and new.status in ('succeeded', 'failed', 'cancelled'))
  ) then
    raise exception 'a workflow run cannot move from % to %', old.status, new.status
      using errcode = '23514';
  end if;
  if current_user = 'authenticated' and (
    new.output is distinct from old.output
    or (new.status is distinct from old.status and new.status not in ('running', 'failed', 'cancelled'))
  ) then
    raise exception 'only n8n callbacks report the result of a workflow run'
      using errcode = '42501';
  end if;
  return new;
end;
$$;

create trigger guard_workflow_run_status before update on public.workflow_runs
  for each row execute function public.guard_workflow_run_status();

alter table public.workflow_definitions enable row level security;
alter table public.workflow_runs enable row level security;
alter table public.webhook_events enable row level security;
alter table public.stock_metrics enable row level security;

-- Grants. Older Supabase projects give every new table and function to anon and authenticated
-- automatically; projects on the explicit-grants default (2026) give nothing, not even to service_role.
-- So revoke, then grant exactly what is needed, and the result is the same on both: service_role
-- (Edge Functions holding the service key; it bypasses RLS) gets the tables here, authenticated gets
-- what the policies allow in the next migration, anon gets nothing.
revoke all on table public.workflow_definitions, public.workflow_runs, public.webhook_events,
  public.stock_metrics from anon, authenticated;
grant select, insert, update, delete on table public.workflow_definitions, public.workflow_runs,
  public.webhook_events, public.stock_metrics to service_role;
revoke execute on function public.set_updated_at(), public.guard_workflow_run_status()
  from public, anon, authenticated;
