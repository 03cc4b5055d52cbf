-- Row Level Security: members of a platform client see and change only that client's data.
-- The helpers live in the private schema, which the API does not expose: they are security definer
-- (so that policies on platform_client_members can read it without recursing into its own RLS), run
-- with an empty search_path, and only answer questions about the calling user.
-- Policies call them as `= any (array(select ...))`, which the planner runs once per query, not per row.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated;

-- The platform clients the caller belongs to.
create or replace function private.user_platform_client_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.platform_client_id from public.platform_client_members m where m.user_id = (select auth.uid());
$$;

-- The platform clients where the caller has one of `roles`.
create or replace function private.user_platform_client_ids_with_role(roles text[])
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.platform_client_id from public.platform_client_members m
  where m.user_id = (select auth.uid()) and m.role = any (roles);
$$;

revoke execute on function private.user_platform_client_ids(), private.user_platform_client_ids_with_role(text[])
  from public, anon;
grant execute on function private.user_platform_client_ids(), private.user_platform_client_ids_with_role(text[])
  to authenticated;

-- platform_clients: the creator can read the row it just inserted (insert ... returning) before
-- the owner membership exists; after that, membership decides.
create policy "platform_clients: members read" on public.platform_clients
  for select to authenticated
  using (id = any (array(select private.user_platform_client_ids())) or created_by = (select auth.uid()));
create policy "platform_clients: users create their own" on public.platform_clients
  for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy "platform_clients: owners and admins update" on public.platform_clients
  for update to authenticated
  using (id = any (array(select private.user_platform_client_ids_with_role(array['owner', 'admin']))))
  with check (id = any (array(select private.user_platform_client_ids_with_role(array['owner', 'admin']))));
create policy "platform_clients: owners delete" on public.platform_clients
  for delete to authenticated
  using (id = any (array(select private.user_platform_client_ids_with_role(array['owner']))));

-- platform_client_members: members see their team; owners manage every member, admins manage admins
-- and agents but never an owner; anyone can leave.
create policy "platform_client_members: members read" on public.platform_client_members
  for select to authenticated
  using (user_id = (select auth.uid()) or platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "platform_client_members: managers add" on public.platform_client_members
  for insert to authenticated
  with check ((platform_client_id = any (array(select private.user_platform_client_ids_with_role(array['owner'])))
      or (platform_client_id = any (array(select private.user_platform_client_ids_with_role(array['admin'])))
        and role <> 'owner')));
create policy "platform_client_members: managers change roles" on public.platform_client_members
  for update to authenticated
  using ((platform_client_id = any (array(select private.user_platform_client_ids_with_role(array['owner'])))
      or (platform_client_id = any (array(select private.user_platform_client_ids_with_role(array['admin'])))
        and role <> 'owner')))
  with check ((platform_client_id = any (array(select private.user_platform_client_ids_with_role(array['owner'])))
      or (platform_client_id = any (array(select private.user_platform_client_ids_with_role(array['admin'])))
        and role <> 'owner')));
create policy "platform_client_members: managers remove, users leave" on public.platform_client_members
  for delete to authenticated
  using (user_id = (select auth.uid()) or (platform_client_id = any (array(select private.user_platform_client_ids_with_role(array['owner'])))
      or (platform_client_id = any (array(select private.user_platform_client_ids_with_role(array['admin'])))
        and role <> 'owner')));

-- channel_accounts: members read. Connecting an account is done by the service role after the
-- client proved it controls it (Meta's OAuth or embedded signup): a member who could insert here
-- could claim another client's phone number and receive its messages.
create policy "channel_accounts: members read" on public.channel_accounts
  for select to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())));

-- social_contacts, conversations, messages: every member of the client works on them.
create policy "social_contacts: members read" on public.social_contacts
  for select to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "social_contacts: members create" on public.social_contacts
  for insert to authenticated
  with check (platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "social_contacts: members update" on public.social_contacts
  for update to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())))
  with check (platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "social_contacts: members delete" on public.social_contacts
  for delete to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())));

create policy "conversations: members read" on public.conversations
  for select to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "conversations: members create" on public.conversations
  for insert to authenticated
  with check (platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "conversations: members update" on public.conversations
  for update to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())))
  with check (platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "conversations: members delete" on public.conversations
  for delete to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())));

create policy "messages: members read" on public.messages
  for select to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "messages: members create" on public.messages
  for insert to authenticated
  with check (platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "messages: members update" on public.messages
  for update to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())))
  with check (platform_client_id = any (array(select private.user_platform_client_ids())));
create policy "messages: members delete" on public.messages
  for delete to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())));

grant select, insert, update, delete on table public.platform_clients, public.platform_client_members,
  public.social_contacts, public.conversations, public.messages to authenticated;
grant select on table public.channel_accounts to authenticated;
