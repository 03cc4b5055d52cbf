-- Profiles: one row per user, created when the user signs up.

-- Keeps updated_at current on every table (add the trigger to each new table).
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
  username text unique check (username ~ '^[a-z0-9_]{3,30}$'),
  full_name text check (char_length(full_name) <= 200),
  avatar_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger set_updated_at before update on public.profiles
  for each row execute function public.set_updated_at();

-- A profile for every new user. Runs as the table owner because the signing-up user has no
-- session yet; it copies only the display fields from the user's metadata.
create or replace function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, full_name, avatar_url)
  values (
    new.id,
    coalesce(new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'name'),
    new.raw_user_meta_data ->> 'avatar_url'
  );
  return new;
end;
$$;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();

-- Row Level Security: a user sees and changes only their own profile.
alter table public.profiles enable row level security;

create policy "profiles: owner reads" on public.profiles
  for select to authenticated using (id = (select auth.uid()));
create policy "profiles: owner creates" on public.profiles
  for insert to authenticated with check (id = (select auth.uid()));
create policy "profiles: owner updates" on public.profiles
  for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));
create policy "profiles: owner deletes" on public.profiles
  for delete to authenticated using (id = (select auth.uid()));

-- Grants. Older Supabase projects give every new table and function to anon and authenticated
-- automatically; projects on the explicit-grants default (2026) give nothing, not even to service_role.
-- So revoke, then grant exactly what is needed, and the result is the same on both: authenticated
-- gets what the policies allow, service_role (server code holding the service key; it bypasses RLS)
-- gets the table, anon gets nothing.
revoke all on table public.profiles from anon, authenticated;
grant select, insert, update, delete on table public.profiles to authenticated, service_role;
revoke execute on function public.set_updated_at(), public.handle_new_user() from public, anon, authenticated;
