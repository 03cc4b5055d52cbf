-- Row Level Security: a user sees and changes only the data of the organizations they belong to.
-- The helpers are security definer so that policies on memberships can read memberships without
-- recursing into their own RLS; each one only answers a question about the calling user.

create or replace function public.is_org_member(org uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid())
  );
$$;

create or replace function public.has_org_role(org uuid, roles text[])
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()) and m.role = any (roles)
  );
$$;

-- Owners manage every membership; admins manage members and admins, never an owner.
create or replace function public.can_manage_membership(org uuid, member_role text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select public.has_org_role(org, array['owner'])
    or (public.has_org_role(org, array['admin']) and member_role <> 'owner');
$$;

revoke execute on function public.is_org_member(uuid), public.has_org_role(uuid, text[]),
  public.can_manage_membership(uuid, text) from public, anon;
grant execute on function public.is_org_member(uuid), public.has_org_role(uuid, text[]),
  public.can_manage_membership(uuid, text) to authenticated;

-- organizations: the creator can read the row it just inserted (insert ... returning) before
-- the owner membership exists; after that, membership decides.
create policy "organizations: members read" on public.organizations
  for select to authenticated
  using (public.is_org_member(id) or created_by = (select auth.uid()));
create policy "organizations: users create their own" on public.organizations
  for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy "organizations: owners and admins update" on public.organizations
  for update to authenticated
  using (public.has_org_role(id, array['owner', 'admin']))
  with check (public.has_org_role(id, array['owner', 'admin']));
create policy "organizations: owners delete" on public.organizations
  for delete to authenticated
  using (public.has_org_role(id, array['owner']));

-- memberships: members see their colleagues; owners and admins manage; anyone can leave.
create policy "memberships: members read" on public.memberships
  for select to authenticated
  using (user_id = (select auth.uid()) or public.is_org_member(organization_id));
create policy "memberships: managers add" on public.memberships
  for insert to authenticated
  with check (public.can_manage_membership(organization_id, role));
create policy "memberships: managers change roles" on public.memberships
  for update to authenticated
  using (public.can_manage_membership(organization_id, role))
  with check (public.can_manage_membership(organization_id, role));
create policy "memberships: managers remove, users leave" on public.memberships
  for delete to authenticated
  using (user_id = (select auth.uid()) or public.can_manage_membership(organization_id, role));

-- contacts, opportunities, interactions: every member works on the organization's data.
create policy "contacts: members read" on public.contacts
  for select to authenticated using (public.is_org_member(organization_id));
create policy "contacts: members create" on public.contacts
  for insert to authenticated with check (public.is_org_member(organization_id));
create policy "contacts: members update" on public.contacts
  for update to authenticated
  using (public.is_org_member(organization_id)) with check (public.is_org_member(organization_id));
create policy "contacts: members delete" on public.contacts
  for delete to authenticated using (public.is_org_member(organization_id));

create policy "opportunities: members read" on public.opportunities
  for select to authenticated using (public.is_org_member(organization_id));
create policy "opportunities: members create" on public.opportunities
  for insert to authenticated with check (public.is_org_member(organization_id));
create policy "opportunities: members update" on public.opportunities
  for update to authenticated
  using (public.is_org_member(organization_id)) with check (public.is_org_member(organization_id));
create policy "opportunities: members delete" on public.opportunities
  for delete to authenticated using (public.is_org_member(organization_id));

create policy "interactions: members read" on public.interactions
  for select to authenticated using (public.is_org_member(organization_id));
create policy "interactions: members create" on public.interactions
  for insert to authenticated with check (public.is_org_member(organization_id));
create policy "interactions: members update" on public.interactions
  for update to authenticated
  using (public.is_org_member(organization_id)) with check (public.is_org_member(organization_id));
create policy "interactions: members delete" on public.interactions
  for delete to authenticated using (public.is_org_member(organization_id));

grant select, insert, update, delete on table public.organizations, public.memberships,
  public.contacts, public.opportunities, public.interactions to authenticated;
