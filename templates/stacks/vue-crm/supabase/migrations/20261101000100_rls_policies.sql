-- Row Level Security: a user sees and changes only the data of the organizations they belong to.
-- The helpers live in the private schema, which the API does not expose: they are security definer
-- (so that policies on memberships can read memberships without recursing into their own RLS), run
-- with an empty search_path, and only answer questions about the calling user.
-- Policies call them as `= any (array(select ...))`, which the planner runs once per query, not per row.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated;

-- The organizations the caller belongs to.
create or replace function private.user_organization_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.organization_id from public.memberships m where m.user_id = (select auth.uid());
$$;

-- The organizations where the caller has one of `roles`.
create or replace function private.user_organization_ids_with_role(roles text[])
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.organization_id from public.memberships m
  where m.user_id = (select auth.uid()) and m.role = any (roles);
$$;

revoke execute on function private.user_organization_ids(), private.user_organization_ids_with_role(text[])
  from public, anon;
grant execute on function private.user_organization_ids(), private.user_organization_ids_with_role(text[])
  to authenticated;

-- organizations: the creator can read the row it just inserted (insert ... returning) before
-- the owner membership exists; after that, membership decides.
create policy "organizations: members read" on public.organizations
  for select to authenticated
  using (id = any (array(select private.user_organization_ids())) or created_by = (select auth.uid()));
create policy "organizations: users create their own" on public.organizations
  for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy "organizations: owners and admins update" on public.organizations
  for update to authenticated
  using (id = any (array(select private.user_organization_ids_with_role(array['owner', 'admin']))))
  with check (id = any (array(select private.user_organization_ids_with_role(array['owner', 'admin']))));
create policy "organizations: owners delete" on public.organizations
  for delete to authenticated
  using (id = any (array(select private.user_organization_ids_with_role(array['owner']))));

-- memberships: members see their colleagues; owners manage every membership, admins manage members
-- and admins but never an owner; anyone can leave.
create policy "memberships: members read" on public.memberships
  for select to authenticated
  using (user_id = (select auth.uid()) or organization_id = any (array(select private.user_organization_ids())));
create policy "memberships: managers add" on public.memberships
  for insert to authenticated
  with check ((organization_id = any (array(select private.user_organization_ids_with_role(array['owner'])))
      or (organization_id = any (array(select private.user_organization_ids_with_role(array['admin']))) and role <> 'owner')));
create policy "memberships: managers change roles" on public.memberships
  for update to authenticated
  using ((organization_id = any (array(select private.user_organization_ids_with_role(array['owner'])))
      or (organization_id = any (array(select private.user_organization_ids_with_role(array['admin']))) and role <> 'owner')))
  with check ((organization_id = any (array(select private.user_organization_ids_with_role(array['owner'])))
      or (organization_id = any (array(select private.user_organization_ids_with_role(array['admin']))) and role <> 'owner')));
create policy "memberships: managers remove, users leave" on public.memberships
  for delete to authenticated
  using (user_id = (select auth.uid()) or (organization_id = any (array(select private.user_organization_ids_with_role(array['owner'])))
      or (organization_id = any (array(select private.user_organization_ids_with_role(array['admin']))) and role <> 'owner')));

-- contacts, opportunities, interactions: every member works on the organization's data.
create policy "contacts: members read" on public.contacts
  for select to authenticated using (organization_id = any (array(select private.user_organization_ids())));
create policy "contacts: members create" on public.contacts
  for insert to authenticated with check (organization_id = any (array(select private.user_organization_ids())));
create policy "contacts: members update" on public.contacts
  for update to authenticated
  using (organization_id = any (array(select private.user_organization_ids())))
  with check (organization_id = any (array(select private.user_organization_ids())));
create policy "contacts: members delete" on public.contacts
  for delete to authenticated using (organization_id = any (array(select private.user_organization_ids())));

create policy "opportunities: members read" on public.opportunities
  for select to authenticated using (organization_id = any (array(select private.user_organization_ids())));
create policy "opportunities: members create" on public.opportunities
  for insert to authenticated with check (organization_id = any (array(select private.user_organization_ids())));
create policy "opportunities: members update" on public.opportunities
  for update to authenticated
  using (organization_id = any (array(select private.user_organization_ids())))
  with check (organization_id = any (array(select private.user_organization_ids())));
create policy "opportunities: members delete" on public.opportunities
  for delete to authenticated using (organization_id = any (array(select private.user_organization_ids())));

create policy "interactions: members read" on public.interactions
  for select to authenticated using (organization_id = any (array(select private.user_organization_ids())));
create policy "interactions: members create" on public.interactions
  for insert to authenticated with check (organization_id = any (array(select private.user_organization_ids())));
create policy "interactions: members update" on public.interactions
  for update to authenticated
  using (organization_id = any (array(select private.user_organization_ids())))
  with check (organization_id = any (array(select private.user_organization_ids())));
create policy "interactions: members delete" on public.interactions
  for delete to authenticated using (organization_id = any (array(select private.user_organization_ids())));

grant select, insert, update, delete on table public.organizations, public.memberships,
  public.contacts, public.opportunities, public.interactions to authenticated;
