-- CRM schema: organizations are the tenants; every other row carries organization_id.
-- RLS is enabled here and users get no grants yet: until the policies migration runs, every table is closed.

-- Keeps updated_at current on every table (see the triggers at the end of this file).
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

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'admin', 'member')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, user_id)
);

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  first_name text not null check (char_length(first_name) between 1 and 100),
  last_name text check (char_length(last_name) <= 100),
  email text check (email ~ '^[^@\s]+@[^@\s]+$'),
  phone text,
  company text,
  owner_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Target of the composite foreign keys below: a row can only point at a contact of its own organization.
  unique (organization_id, id)
);

create table public.opportunities (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid,
  title text not null check (char_length(title) between 1 and 200),
  stage text not null default 'lead'
    check (stage in ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
  amount numeric(14, 2) not null default 0 check (amount >= 0),
  currency char(3) not null default 'EUR',
  expected_close_date date,
  owner_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, id),
  foreign key (organization_id, contact_id)
    references public.contacts (organization_id, id) on delete set null (contact_id)
);

create table public.interactions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid not null,
  opportunity_id uuid,
  kind text not null check (kind in ('call', 'email', 'meeting')),
  subject text not null check (char_length(subject) between 1 and 200),
  notes text,
  occurred_at timestamptz not null default now(),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (organization_id, contact_id)
    references public.contacts (organization_id, id) on delete cascade,
  foreign key (organization_id, opportunity_id)
    references public.opportunities (organization_id, id) on delete set null (opportunity_id)
);

-- Indexes: the tenant column of every policy, and every foreign key.
create index organizations_created_by_idx on public.organizations (created_by);
create index memberships_user_id_organization_id_idx on public.memberships (user_id, organization_id);
create index contacts_organization_id_last_name_idx on public.contacts (organization_id, last_name);
create index contacts_owner_id_idx on public.contacts (owner_id);
create index opportunities_organization_id_stage_idx on public.opportunities (organization_id, stage);
create index opportunities_organization_id_contact_id_idx on public.opportunities (organization_id, contact_id);
create index opportunities_owner_id_idx on public.opportunities (owner_id);
create index interactions_organization_id_contact_id_idx on public.interactions (organization_id, contact_id);
create index interactions_organization_id_opportunity_id_idx on public.interactions (organization_id, opportunity_id);
create index interactions_created_by_idx on public.interactions (created_by);

create trigger set_updated_at before update on public.organizations
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.memberships
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.contacts
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.opportunities
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.interactions
  for each row execute function public.set_updated_at();

-- Whoever creates an organization becomes its owner.
create or replace function public.add_organization_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.memberships (organization_id, user_id, role)
    values (new.id, new.created_by, 'owner');
  end if;
  return new;
end;
$$;

create trigger add_organization_owner after insert on public.organizations
  for each row execute function public.add_organization_owner();

-- Opportunities only move forward through the pipeline: lead, qualified, proposal, negotiation,
-- then won or lost (closed for good). A deal may be lost, or won, from any open stage.
create or replace function public.guard_opportunity_stage()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  pipeline constant text[] := array['lead', 'qualified', 'proposal', 'negotiation'];
begin
  if new.stage is distinct from old.stage and (
    old.stage in ('won', 'lost')
    or (new.stage = any (pipeline)
        and array_position(pipeline, new.stage) < array_position(pipeline, old.stage))
  ) then
    raise exception 'an opportunity cannot move from % back to %', old.stage, new.stage
      using errcode = '23514';
  end if;
  return new;
end;
$$;

create trigger guard_opportunity_stage before update of stage on public.opportunities
  for each row execute function public.guard_opportunity_stage();

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;
alter table public.contacts enable row level security;
alter table public.opportunities enable row level security;
alter table public.interactions enable row level security;

-- Grants. Older Supabase projects give every new table and function to anon and authenticated
-- automatically; projects on the explicit-grants default (2026) give nothing, not even to service_role.
-- So revoke, then grant exactly what is needed, and the result is the same on both: service_role
-- (Edge Functions holding the service key; it bypasses RLS) gets the tables here, authenticated gets
-- what the policies allow in the next migration, anon gets nothing.
revoke all on table public.organizations, public.memberships, public.contacts, public.opportunities,
  public.interactions from anon, authenticated;
grant select, insert, update, delete on table public.organizations, public.memberships,
  public.contacts, public.opportunities, public.interactions to service_role;
revoke execute on function public.set_updated_at(), public.add_organization_owner(),
  public.guard_opportunity_stage() from public, anon, authenticated;
