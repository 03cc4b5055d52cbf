-- Row Level Security: admins see and change everything; an installer sees the installations assigned
-- to them (with their customers and history), moves their status forward and adds notes.
-- The helpers are security definer so that policies can read profiles and assignments without
-- recursing into their RLS; each one only answers a question about the calling user.

create or replace function public.current_profile_role()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select p.role from public.profiles p where p.id = (select auth.uid());
$$;

create or replace function public.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(public.current_profile_role() = 'admin', false);
$$;

create or replace function public.is_assigned_installation(installation uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.installation_assignments a
    where a.installation_id = installation and a.installer_id = (select auth.uid())
  );
$$;

create or replace function public.is_assigned_customer(customer uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.installations i
    join public.installation_assignments a on a.installation_id = i.id
    where i.customer_id = customer and a.installer_id = (select auth.uid())
  );
$$;

revoke execute on function public.current_profile_role(), public.is_admin(),
  public.is_assigned_installation(uuid), public.is_assigned_customer(uuid) from public, anon;
grant execute on function public.current_profile_role(), public.is_admin(),
  public.is_assigned_installation(uuid), public.is_assigned_customer(uuid) to authenticated;

-- profiles: everyone reads and edits their own; only an admin changes a role.
create policy "profiles: own or admin read" on public.profiles
  for select to authenticated
  using (id = (select auth.uid()) or (select public.is_admin()));
create policy "profiles: admins create" on public.profiles
  for insert to authenticated
  with check ((select public.is_admin()));
create policy "profiles: own or admin update, role kept" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()) or (select public.is_admin()))
  with check (
    (select public.is_admin())
    or (id = (select auth.uid()) and role = (select public.current_profile_role()))
  );
create policy "profiles: admins delete" on public.profiles
  for delete to authenticated
  using ((select public.is_admin()));

-- customers: installers read the customers of their installations.
create policy "customers: admins or assigned installers read" on public.customers
  for select to authenticated
  using ((select public.is_admin()) or public.is_assigned_customer(id));
create policy "customers: admins create" on public.customers
  for insert to authenticated
  with check ((select public.is_admin()));
create policy "customers: admins update" on public.customers
  for update to authenticated
  using ((select public.is_admin())) with check ((select public.is_admin()));
create policy "customers: admins delete" on public.customers
  for delete to authenticated
  using ((select public.is_admin()));

-- installations: assigned installers update them (status and notes only, see the trigger below).
create policy "installations: admins or assigned installers read" on public.installations
  for select to authenticated
  using ((select public.is_admin()) or public.is_assigned_installation(id));
create policy "installations: admins create" on public.installations
  for insert to authenticated
  with check ((select public.is_admin()));
create policy "installations: admins or assigned installers update" on public.installations
  for update to authenticated
  using ((select public.is_admin()) or public.is_assigned_installation(id))
  with check ((select public.is_admin()) or public.is_assigned_installation(id));
create policy "installations: admins delete" on public.installations
  for delete to authenticated
  using ((select public.is_admin()));

-- installation_assignments: installers read their own assignments; admins assign.
create policy "installation_assignments: admins or the installer read" on public.installation_assignments
  for select to authenticated
  using ((select public.is_admin()) or installer_id = (select auth.uid()));
create policy "installation_assignments: admins create" on public.installation_assignments
  for insert to authenticated
  with check ((select public.is_admin()));
create policy "installation_assignments: admins update" on public.installation_assignments
  for update to authenticated
  using ((select public.is_admin())) with check ((select public.is_admin()));
create policy "installation_assignments: admins delete" on public.installation_assignments
  for delete to authenticated
  using ((select public.is_admin()));

-- installation_status_history: an assigned installer adds entries in their own name; admins correct them.
create policy "installation_status_history: admins or assigned installers read" on public.installation_status_history
  for select to authenticated
  using ((select public.is_admin()) or public.is_assigned_installation(installation_id));
create policy "installation_status_history: admins or assigned installers add" on public.installation_status_history
  for insert to authenticated
  with check (
    (select public.is_admin())
    or (public.is_assigned_installation(installation_id) and changed_by = (select auth.uid()))
  );
create policy "installation_status_history: admins update" on public.installation_status_history
  for update to authenticated
  using ((select public.is_admin())) with check ((select public.is_admin()));
create policy "installation_status_history: admins delete" on public.installation_status_history
  for delete to authenticated
  using ((select public.is_admin()));

-- An installer's update may change status and notes, nothing else. Requests without a user
-- (service role, SQL) are not restricted.
create or replace function public.guard_installation_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (select auth.uid()) is not null and not public.is_admin()
    and to_jsonb(new) - array['status', 'notes', 'updated_at'] <> to_jsonb(old) - array['status', 'notes', 'updated_at'] then
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
