-- Row Level Security and the rules the database enforces, as pgTAP tests.
-- Run them with `npx supabase test db` (the local stack must be running). Everything happens in one
-- transaction that is rolled back: the users and rows made here disappear, the seed is not needed.
begin;
create extension if not exists pgtap with schema extensions;
select no_plan();

-- Two platform clients. Sofia owns A (Lucia is an agent, Marc an admin); Omar owns B.
insert into auth.users (id, email, aud, role) values
  ('f0000000-0000-4000-8000-00000000000a', 'sofia@test.example', 'authenticated', 'authenticated'),
  ('f0000000-0000-4000-8000-00000000000b', 'omar@test.example', 'authenticated', 'authenticated'),
  ('f0000000-0000-4000-8000-00000000000c', 'lucia@test.example', 'authenticated', 'authenticated'),
  ('f0000000-0000-4000-8000-00000000000d', 'marc@test.example', 'authenticated', 'authenticated');
insert into public.platform_clients (id, name, created_by) values
  ('fa000000-0000-4000-8000-00000000000a', 'Client A', 'f0000000-0000-4000-8000-00000000000a'),
  ('fa000000-0000-4000-8000-00000000000b', 'Client B', 'f0000000-0000-4000-8000-00000000000b');
insert into public.platform_client_members (platform_client_id, user_id, role) values
  ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000c', 'agent'),
  ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000d', 'admin');
insert into public.channel_accounts (platform_client_id, channel, account_id) values
  ('fa000000-0000-4000-8000-00000000000a', 'whatsapp', 'test-account-a'),
  ('fa000000-0000-4000-8000-00000000000b', 'messenger', 'test-account-b');
insert into public.social_contacts (id, platform_client_id, channel, platform_user_id) values
  ('fc000000-0000-4000-8000-00000000000a', 'fa000000-0000-4000-8000-00000000000a', 'whatsapp', 'test-user-a'),
  ('fc000000-0000-4000-8000-00000000000b', 'fa000000-0000-4000-8000-00000000000b', 'messenger', 'test-user-b');
insert into public.conversations (id, platform_client_id, social_contact_id, channel) values
  ('fd000000-0000-4000-8000-00000000000a', 'fa000000-0000-4000-8000-00000000000a', 'fc000000-0000-4000-8000-00000000000a', 'whatsapp'),
  ('fd000000-0000-4000-8000-00000000000b', 'fa000000-0000-4000-8000-00000000000b', 'fc000000-0000-4000-8000-00000000000b', 'messenger');
insert into public.messages (platform_client_id, conversation_id, channel, direction, body, platform_message_id) values
  ('fa000000-0000-4000-8000-00000000000a', 'fd000000-0000-4000-8000-00000000000a', 'whatsapp', 'inbound', 'Hi A', 'test-a'),
  ('fa000000-0000-4000-8000-00000000000b', 'fd000000-0000-4000-8000-00000000000b', 'messenger', 'inbound', 'Hi B', 'test-b');
insert into public.subscriptions (platform_client_id, stripe_customer_id, stripe_subscription_id, status, stripe_event_created) values
  ('fa000000-0000-4000-8000-00000000000a', 'cus_test_a', 'sub_test_a', 'active', now()),
  ('fa000000-0000-4000-8000-00000000000b', 'cus_test_b', 'sub_test_b', 'active', now());

-- Every tenant table with the column that names its platform client; which ones users may update
-- and delete from (messages: delete only, the service role writes them).
create temporary table tenant_tables (name text, client_column text, writable boolean, deletable boolean) on commit drop;
insert into tenant_tables values
  ('platform_clients', 'id', true, true), ('platform_client_members', 'platform_client_id', true, true),
  ('channel_accounts', 'platform_client_id', false, false), ('social_contacts', 'platform_client_id', true, true),
  ('conversations', 'platform_client_id', true, true), ('messages', 'platform_client_id', false, true),
  ('subscriptions', 'platform_client_id', false, false);
grant select on tenant_tables to anon, authenticated;

-- anon: nothing is readable or writable.
set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok(format('select * from public.%I', name), '42501', null, format('anon cannot read %s', name))
from tenant_tables order by name;
select throws_ok($$insert into public.messages (platform_client_id, conversation_id, channel, direction, body)
  values ('fa000000-0000-4000-8000-00000000000a', 'fd000000-0000-4000-8000-00000000000a', 'whatsapp', 'outbound', 'x')$$,
  '42501', null, 'anon cannot insert a message');
select throws_ok($$update public.conversations set status = 'closed'$$, '42501', null, 'anon cannot update conversations');
select throws_ok($$delete from public.social_contacts$$, '42501', null, 'anon cannot delete contacts');
select throws_ok(format('insert into public.%I default values', name), '42501', null, format('anon cannot insert into %s', name))
from tenant_tables order by name;
select throws_ok(format('update public.%I set updated_at = now()', name), '42501', null, format('anon cannot update %s', name))
from tenant_tables order by name;
select throws_ok(format('delete from public.%I', name), '42501', null, format('anon cannot delete from %s', name))
from tenant_tables order by name;
reset role;

-- Sofia (client A) sees A's rows and none of B's, and cannot change B's.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000a","role":"authenticated"}';
select results_eq(format('select count(*)::int from public.%I where %I = %L', name, client_column,
    'fa000000-0000-4000-8000-00000000000b'), 'values (0)', format('%s: nothing of client B is visible', name))
from tenant_tables order by name;
select results_ne(format('select count(*)::int from public.%I where %I = %L', name, client_column,
    'fa000000-0000-4000-8000-00000000000a'), 'values (0)', format('%s: client A is visible', name))
from tenant_tables order by name;
select throws_ok($$insert into public.social_contacts (platform_client_id, channel, platform_user_id)
  values ('fa000000-0000-4000-8000-00000000000b', 'whatsapp', 'mallory')$$, '42501', null, 'no contact in client B');
select throws_ok($$insert into public.messages (platform_client_id, conversation_id, channel, direction, body, delivery_status)
  values ('fa000000-0000-4000-8000-00000000000b', 'fd000000-0000-4000-8000-00000000000b', 'messenger', 'outbound', 'x', 'sent')$$,
  '42501', null, 'no message in client B');
select throws_ok($$insert into public.conversations (platform_client_id, social_contact_id, channel)
  values ('fa000000-0000-4000-8000-00000000000b', 'fc000000-0000-4000-8000-00000000000b', 'instagram')$$,
  '42501', null, 'no conversation in client B');
select throws_ok($$insert into public.platform_client_members (platform_client_id, user_id, role)
  values ('fa000000-0000-4000-8000-00000000000b', 'f0000000-0000-4000-8000-00000000000a', 'owner')$$,
  '42501', null, 'no joining client B');
select results_eq(format('with changed as (update public.%I set updated_at = now() where %I = %L returning 1) '
    || 'select count(*)::int from changed', name, client_column, 'fa000000-0000-4000-8000-00000000000b'),
  'values (0)', format('%s: no update reaches client B', name))
from tenant_tables where writable order by name;
select results_eq(format('with gone as (delete from public.%I where %I = %L returning 1) '
    || 'select count(*)::int from gone', name, client_column, 'fa000000-0000-4000-8000-00000000000b'),
  'values (0)', format('%s: no delete reaches client B', name))
from tenant_tables where deletable order by name;

-- channel_accounts is written by the service role only (connecting an account routes its messages).
select throws_ok($$insert into public.channel_accounts (platform_client_id, channel, account_id)
  values ('fa000000-0000-4000-8000-00000000000a', 'messenger', 'test-account-b2')$$, '42501', null,
  'a member cannot connect a business account');
select throws_ok($$update public.channel_accounts set display_name = 'x'$$, '42501', null,
  'a member cannot change a business account');
select throws_ok($$delete from public.channel_accounts$$, '42501', null, 'a member cannot remove a business account');

-- messages are written by the service role only: the webhooks, and send-message after its membership check.
select throws_ok($$insert into public.messages (platform_client_id, conversation_id, channel, direction, body, delivery_status)
  values ('fa000000-0000-4000-8000-00000000000a', 'fd000000-0000-4000-8000-00000000000a', 'whatsapp', 'outbound', 'Hello', 'sent')$$,
  '42501', null, 'a member cannot insert a message, even in their own client''s conversation');
select throws_ok($$update public.messages set body = 'edited' where platform_client_id = 'fa000000-0000-4000-8000-00000000000a'$$,
  '42501', null, 'a member cannot change a message');

-- subscriptions are written by the stripe-webhook function only (service role), after Stripe's signature.
select throws_ok($$update public.subscriptions set status = 'active'$$, '42501', null, 'a member cannot change a subscription');
select throws_ok($$insert into public.subscriptions (platform_client_id, stripe_customer_id, stripe_subscription_id, status,
  stripe_event_created) values ('fa000000-0000-4000-8000-00000000000a', 'cus_x', 'sub_x', 'active', now())$$, '42501', null,
  'a member cannot grant their client a subscription');
select throws_ok($$select public.apply_stripe_subscription_event('evt_x', 'customer.subscription.updated', now(),
  'fa000000-0000-4000-8000-00000000000a', 'cus_x', 'sub_x', 'active', null, null, false)$$, '42501', null,
  'a member cannot apply a Stripe event');
reset role;

-- Roles: agents work on conversations; owners and admins manage the team; admins never add an owner.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000c","role":"authenticated"}';
select throws_ok($$insert into public.platform_client_members (platform_client_id, user_id, role)
  values ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000b', 'agent')$$,
  '42501', null, 'an agent cannot add members');
select results_eq($$with changed as (update public.platform_clients set name = 'Renamed'
  where id = 'fa000000-0000-4000-8000-00000000000a' returning 1) select count(*)::int from changed$$,
  'values (0)', 'an agent cannot rename the client');
select lives_ok($$update public.conversations set status = 'pending' where id = 'fd000000-0000-4000-8000-00000000000a'$$,
  'an agent updates a conversation');
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000d","role":"authenticated"}';
select throws_ok($$insert into public.platform_client_members (platform_client_id, user_id, role)
  values ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000b', 'owner')$$,
  '42501', null, 'an admin cannot add an owner');
select lives_ok($$insert into public.platform_client_members (platform_client_id, user_id, role)
  values ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000b', 'agent')$$,
  'an admin adds an agent');
reset role;

-- Even the service role cannot point a message at another client's conversation (composite foreign key).
set local role service_role;
select throws_ok($$insert into public.messages (platform_client_id, conversation_id, channel, direction, body, delivery_status)
  values ('fa000000-0000-4000-8000-00000000000a', 'fd000000-0000-4000-8000-00000000000b', 'messenger', 'outbound', 'x', 'pending')$$,
  '23503', null, 'a message cannot point at another client''s conversation');
reset role;

-- Realtime: the inbox tables are published (delivery is filtered by the same SELECT policies).
select is((select array_agg(tablename::text order by tablename::text) from pg_publication_tables
  where pubname = 'supabase_realtime' and schemaname = 'public'), array['conversations', 'messages'],
  'conversations and messages are published to supabase_realtime');

select * from finish();
rollback;
