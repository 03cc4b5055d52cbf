-- Row Level Security: admins see and change everything; an installer sees the installations assigned
-- to them (with their customers and history), moves their status forward and adds notes.
-- The helpers live in the private schema, which the API does not expose: they are security definer
-- (so that policies can read profiles and assignments without recursing into their RLS), run with an
-- empty search_path, and only answer questions about the calling user. Policies call them inside
-- `(select ...)` or `in (select ...)`, which the planner runs once per query, not per row: the
-- assigned ids become one hashed set, probed per row (an `= any (array(...))` next to the admin `or`
-- would be searched linearly per row).

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated;

create or replace function private.current_profile_role()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select p.role from public.profiles p where p.id = (select auth.uid());
$$;

create or replace function private.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select p.role = 'admin' from public.profiles p where p.id = (select auth.uid())), false);
$$;

-- The installations assigned to the caller.
create or replace function private.assigned_installation_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select a.installation_id from public.installation_assignments a where a.installer_id = (select auth.uid());
$$;

-- The customers of the installations assigned to the caller.
create or replace function private.assigned_customer_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct i.customer_id from public.installations i
  join public.installation_assignments a on a.installation_id = i.id
  where a.installer_id = (select auth.uid());
$$;

revoke execute on function private.current_profile_role(), private.is_admin(),
  private.assigned_installation_ids(), private.assigned_customer_ids() from public, anon;
grant execute on function private.current_profile_role(), private.is_admin(),
  private.assigned_installation_ids(), private.assigned_customer_ids() to authenticated;

-- profiles: everyone reads and edits their own; only an admin changes a role.
create policy "profiles: own or admin read" on public.profiles
  for select to authenticated
  using (id = (select auth.uid()) or (select private.is_admin()));
create policy "profiles: admins create" on public.profiles
  for insert to authenticated
  with check ((select private.is_admin()));
create policy "profiles: own or admin update, role kept" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()) or (select private.is_admin()))
  with check (
    (select private.is_admin())
    or (id = (select auth.uid()) and role = (select private.current_profile_role()))
  );
create policy "profiles: admins delete" on public.profiles
  for delete to authenticated
  using ((select private.is_admin()));

-- customers: installers read the customers of their installations.
create policy "customers: admins or assigned installers read" on public.customers
  for select to authenticated
  using ((select private.is_admin()) or id in (select private.assigned_customer_ids()));
create policy "customers: admins create" on public.customers
  for insert to authenticated
  with check ((select private.is_admin()));
create policy "customers: admins update" on public.customers
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "customers: admins delete" on public.customers
  for delete to authenticated
  using ((select private.is_admin()));

-- installations: assigned installers update them (status and notes only, see the trigger below).
create policy "installations: admins or assigned installers read" on public.installations
  for select to authenticated
  using ((select private.is_admin()) or id in (select private.assigned_installation_ids()));
create policy "installations: admins create" on public.installations
  for insert to authenticated
  with check ((select private.is_admin()));
create policy "installations: admins or assigned installers update" on public.installations
  for update to authenticated
  using ((select private.is_admin()) or id in (select private.assigned_installation_ids()))
  with check ((select private.is_admin()) or id in (select private.assigned_installation_ids()));
create policy "installations: admins delete" on public.installations
  for delete to authenticated
  using ((select private.is_admin()));

-- installation_assignments: installers read their own assignments; admins assign.
create policy "installation_assignments: admins or the installer read" on public.installation_assignments
  for select to authenticated
  using ((select private.is_admin()) or installer_id = (select auth.uid()));
create policy "installation_assignments: admins create" on public.installation_assignments
  for insert to authenticated
  with check ((select private.is_admin()));
create policy "installation_assignments: admins update" on public.installation_assignments
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "installation_assignments: admins delete" on public.installation_assignments
  for delete to authenticated
  using ((select private.is_admin()));

-- installation_status_history: an assigned installer adds entries in their own name; admins correct them.
create policy "installation_status_history: admins or assigned installers read" on public.installation_status_history
  for select to authenticated
  using ((select private.is_admin()) or installation_id in (select private.assigned_installation_ids()));
create policy "installation_status_history: admins or assigned installers add" on public.installation_status_history
  for insert to authenticated
  with check (
    (select private.is_admin())
    or (installation_id in (select private.assigned_installation_ids()) and changed_by = (select auth.uid()))
  );
create policy "installation_status_history: admins update" on public.installation_status_history
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "installation_status_history: admins delete" on public.installation_status_history
  for delete to authenticated
  using ((select private.is_admin()));

-- An installer's update may change status and notes, nothing else. Requests without a user
-- (service role, SQL) are not restricted.
create or replace function public.guard_installation_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- One question at a time: the service role has no access to the private helpers.
  if (select auth.uid()) is null
    or to_jsonb(new) - array['status', 'notes', 'updated_at'] = to_jsonb(old) - array['status', 'notes', 'updated_at'] then
    return new;
  end if;
  if not (select private.is_admin()) then
    raise exception 'installers can change only the status and notes of an installation'
      using errcode = '42501';
  end if;
  return new;
end;
$$;

revoke execute on function public.guard_installation_update() from public, anon, authenticated;

create trigger guard_installation_update before update on public.installations
  for each row execute function public.guard_installation_update();

grant select, insert, update, delete on table public.profiles, public.customers, public.installations,
  public.installation_assignments, public.installation_status_history to authenticated;

-- Realtime: notify-installer broadcasts on the private topic `installer:<user id>`. Realtime lets a
-- user join a private channel when they can read realtime.messages with realtime.topic() set to the
-- channel's topic: an installer may receive the broadcasts of their own topic and no other. There is
-- no insert policy: only the service role (which bypasses RLS) sends.
create policy "realtime: installers receive their own notifications" on realtime.messages
  for select to authenticated
  using (
    realtime.messages.extension = 'broadcast'
    and realtime.messages.topic = (select realtime.topic())
    and (select realtime.topic()) = 'installer:' || (select auth.uid())::text
  );
