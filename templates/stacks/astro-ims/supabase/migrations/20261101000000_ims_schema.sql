-- IMS schema: profiles with a role (admin or installer), customers, installations, the installers
-- assigned to each installation, and the history of its status.
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

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  full_name text,
  phone text,
  role text not null default 'installer' check (role in ('admin', 'installer')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  email text,
  phone text,
  address text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.installations (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.customers (id) on delete restrict,
  title text not null check (char_length(title) between 1 and 200),
  address text not null,
  status text not null default 'scheduled'
    check (status in ('scheduled', 'in_progress', 'completed', 'cancelled')),
  scheduled_for timestamptz,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.installation_assignments (
  id uuid primary key default gen_random_uuid(),
  installation_id uuid not null references public.installations (id) on delete cascade,
  installer_id uuid not null references public.profiles (id) on delete cascade,
  assigned_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (installation_id, installer_id)
);

create table public.installation_status_history (
  id uuid primary key default gen_random_uuid(),
  installation_id uuid not null references public.installations (id) on delete cascade,
  from_status text,
  to_status text not null check (to_status in ('scheduled', 'in_progress', 'completed', 'cancelled')),
  note text,
  changed_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Indexes: every foreign key, and the columns the policies filter on (installer_id, installation_id).
create index installations_customer_id_idx on public.installations (customer_id);
create index installations_status_scheduled_for_idx on public.installations (status, scheduled_for);
create index installation_assignments_installer_id_idx on public.installation_assignments (installer_id, installation_id);
create index installation_assignments_assigned_by_idx on public.installation_assignments (assigned_by);
create index installation_status_history_installation_id_idx
  on public.installation_status_history (installation_id, created_at desc);
create index installation_status_history_changed_by_idx on public.installation_status_history (changed_by);

create trigger set_updated_at before update on public.profiles
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.customers
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.installations
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.installation_assignments
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.installation_status_history
  for each row execute function public.set_updated_at();

-- A profile for every new user (Google OAuth sign-in included). The role is never read from the
-- user's metadata, which the user controls: everyone starts as installer, an admin promotes.
create or replace function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, email, full_name)
  values (new.id, new.email, coalesce(new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'name'));
  return new;
end;
$$;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();

-- Every status change is written to the history, whoever makes it.
create or replace function public.record_installation_status()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status is distinct from old.status then
    insert into public.installation_status_history (installation_id, from_status, to_status, changed_by)
    values (new.id, old.status, new.status, (select auth.uid()));
  end if;
  return new;
end;
$$;

create trigger record_installation_status after update of status on public.installations
  for each row execute function public.record_installation_status();

-- An installation's status only moves forward: scheduled, in_progress, completed; it may be
-- cancelled before it is completed. completed and cancelled are final.
create or replace function public.guard_installation_status()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status is distinct from old.status and not (
    (old.status = 'scheduled' and new.status in ('in_progress', 'completed', 'cancelled'))
    or (old.status = 'in_progress' and new.status in ('completed', 'cancelled'))
  ) then
    raise exception 'an installation cannot move from % to %', old.status, new.status
      using errcode = '23514';
  end if;
  return new;
end;
$$;

create trigger guard_installation_status before update of status on public.installations
  for each row execute function public.guard_installation_status();

alter table public.profiles enable row level security;
alter table public.customers enable row level security;
alter table public.installations enable row level security;
alter table public.installation_assignments enable row level security;
alter table public.installation_status_history enable row level security;

-- Grants. Older Supabase projects give every new table and function to anon and authenticated
-- automatically; projects on the explicit-grants default (2026) give nothing, not even to service_role.
-- So revoke, then grant exactly what is needed, and the result is the same on both: service_role
-- (Edge Functions holding the service key; it bypasses RLS) gets the tables here, authenticated gets
-- what the policies allow in the next migration, anon gets nothing.
revoke all on table public.profiles, public.customers, public.installations,
  public.installation_assignments, public.installation_status_history from anon, authenticated;
grant select, insert, update, delete on table public.profiles, public.customers, public.installations,
  public.installation_assignments, public.installation_status_history to service_role;
revoke execute on function public.set_updated_at(), public.handle_new_user(),
  public.record_installation_status(), public.guard_installation_status() from public, anon, authenticated;
