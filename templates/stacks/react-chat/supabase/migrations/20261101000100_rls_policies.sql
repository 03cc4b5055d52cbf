-- Row Level Security: members of a platform client see and change only that client's data.
-- Tenant tables check membership with a sub-select on platform_client_members; the helpers below are
-- security definer so that policies on the membership table itself can read it without recursing.

create or replace function public.is_platform_client_member(client uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.platform_client_members m
    where m.platform_client_id = client and m.user_id = (select auth.uid())
  );
$$;

create or replace function public.has_platform_client_role(client uuid, roles text[])
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.platform_client_members m
    where m.platform_client_id = client and m.user_id = (select auth.uid()) and m.role = any (roles)
  );
$$;

-- Owners manage every member; admins manage admins and agents, never an owner.
create or replace function public.can_manage_platform_client_member(client uuid, member_role text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select public.has_platform_client_role(client, array['owner'])
    or (public.has_platform_client_role(client, array['admin']) and member_role <> 'owner');
$$;

revoke execute on function public.is_platform_client_member(uuid), public.has_platform_client_role(uuid, text[]),
  public.can_manage_platform_client_member(uuid, text) from public, anon;
grant execute on function public.is_platform_client_member(uuid), public.has_platform_client_role(uuid, text[]),
  public.can_manage_platform_client_member(uuid, text) to authenticated;

-- platform_clients: the creator can read the row it just inserted (insert ... returning) before
-- the owner membership exists; after that, membership decides.
create policy "platform_clients: members read" on public.platform_clients
  for select to authenticated
  using (public.is_platform_client_member(id) or created_by = (select auth.uid()));
create policy "platform_clients: users create their own" on public.platform_clients
  for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy "platform_clients: owners and admins update" on public.platform_clients
  for update to authenticated
  using (public.has_platform_client_role(id, array['owner', 'admin']))
  with check (public.has_platform_client_role(id, array['owner', 'admin']));
create policy "platform_clients: owners delete" on public.platform_clients
  for delete to authenticated
  using (public.has_platform_client_role(id, array['owner']));

-- platform_client_members: members see their team; owners and admins manage; anyone can leave.
create policy "platform_client_members: members read" on public.platform_client_members
  for select to authenticated
  using (user_id = (select auth.uid()) or public.is_platform_client_member(platform_client_id));
create policy "platform_client_members: managers add" on public.platform_client_members
  for insert to authenticated
  with check (public.can_manage_platform_client_member(platform_client_id, role));
create policy "platform_client_members: managers change roles" on public.platform_client_members
  for update to authenticated
  using (public.can_manage_platform_client_member(platform_client_id, role))
  with check (public.can_manage_platform_client_member(platform_client_id, role));
create policy "platform_client_members: managers remove, users leave" on public.platform_client_members
  for delete to authenticated
  using (user_id = (select auth.uid()) or public.can_manage_platform_client_member(platform_client_id, role));

-- channel_accounts: members read. Connecting an account is done by the service role after the
-- client proved it controls it (Meta's OAuth or embedded signup): a member who could insert here
-- could claim another client's phone number and receive its messages.
create policy "channel_accounts: members read" on public.channel_accounts
  for select to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));

-- social_contacts, conversations, messages: every member of the client works on them.
create policy "social_contacts: members read" on public.social_contacts
  for select to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));
create policy "social_contacts: members create" on public.social_contacts
  for insert to authenticated
  with check (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));
create policy "social_contacts: members update" on public.social_contacts
  for update to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ))
  with check (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));
create policy "social_contacts: members delete" on public.social_contacts
  for delete to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));

create policy "conversations: members read" on public.conversations
  for select to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));
create policy "conversations: members create" on public.conversations
  for insert to authenticated
  with check (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));
create policy "conversations: members update" on public.conversations
  for update to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ))
  with check (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));
create policy "conversations: members delete" on public.conversations
  for delete to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));

create policy "messages: members read" on public.messages
  for select to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));
create policy "messages: members create" on public.messages
  for insert to authenticated
  with check (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));
create policy "messages: members update" on public.messages
  for update to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ))
  with check (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));
create policy "messages: members delete" on public.messages
  for delete to authenticated
  using (platform_client_id in (
    select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid())
  ));

grant select, insert, update, delete on table public.platform_clients, public.platform_client_members,
  public.social_contacts, public.conversations, public.messages to authenticated;
grant select on table public.channel_accounts to authenticated;
