-- Outbound messages and their delivery status, as pgTAP tests (`npx supabase test db`).
-- send-message and the webhooks write with the service role; a status only moves forward; members
-- read their own client's messages and can neither add one nor change its status. Rolled back at the end.
begin;
create extension if not exists pgtap with schema extensions;
select no_plan();

-- Two platform clients: Ana owns A, Ben owns B. One conversation each.
insert into auth.users (id, email, aud, role) values
  ('f2000000-0000-4000-8000-00000000000a', 'ana@test.example', 'authenticated', 'authenticated'),
  ('f2000000-0000-4000-8000-00000000000b', 'ben@test.example', 'authenticated', 'authenticated');
insert into public.platform_clients (id, name, created_by) values
  ('fe000000-0000-4000-8000-00000000000a', 'Delivery A', 'f2000000-0000-4000-8000-00000000000a'),
  ('fe000000-0000-4000-8000-00000000000b', 'Delivery B', 'f2000000-0000-4000-8000-00000000000b');
insert into public.social_contacts (id, platform_client_id, channel, platform_user_id) values
  ('fe100000-0000-4000-8000-00000000000a', 'fe000000-0000-4000-8000-00000000000a', 'whatsapp', 'delivery-user-a'),
  ('fe100000-0000-4000-8000-00000000000b', 'fe000000-0000-4000-8000-00000000000b', 'messenger', 'delivery-user-b');
insert into public.conversations (id, platform_client_id, social_contact_id, channel) values
  ('fe200000-0000-4000-8000-00000000000a', 'fe000000-0000-4000-8000-00000000000a', 'fe100000-0000-4000-8000-00000000000a', 'whatsapp'),
  ('fe200000-0000-4000-8000-00000000000b', 'fe000000-0000-4000-8000-00000000000b', 'fe100000-0000-4000-8000-00000000000b', 'messenger');

select has_column('public', 'messages', 'delivery_status', 'messages have a delivery status');
select col_is_null('public', 'messages', 'delivery_status', 'delivery_status is nullable (inbound messages have none)');

-- As send-message does: the service role stores the message as pending, then records the answer.
set local role service_role;
select lives_ok($$insert into public.messages (id, platform_client_id, conversation_id, channel, direction, body,
    sender_user_id, delivery_status)
  values ('fe300000-0000-4000-8000-00000000000a', 'fe000000-0000-4000-8000-00000000000a', 'fe200000-0000-4000-8000-00000000000a',
    'whatsapp', 'outbound', 'Hello A', 'f2000000-0000-4000-8000-00000000000a', 'pending')$$,
  'the service role stores an outbound message as pending');
select lives_ok($$insert into public.messages (id, platform_client_id, conversation_id, channel, direction, body,
    sender_user_id, delivery_status, platform_message_id)
  values ('fe300000-0000-4000-8000-00000000000b', 'fe000000-0000-4000-8000-00000000000b', 'fe200000-0000-4000-8000-00000000000b',
    'messenger', 'outbound', 'Hello B', 'f2000000-0000-4000-8000-00000000000b', 'sent', 'm_delivery_b')$$,
  'and one in client B');
select throws_ok($$insert into public.messages (platform_client_id, conversation_id, channel, direction, body)
  values ('fe000000-0000-4000-8000-00000000000a', 'fe200000-0000-4000-8000-00000000000a', 'whatsapp', 'outbound', 'x')$$,
  '23514', null, 'an outbound message needs a delivery status');
select throws_ok($$insert into public.messages (platform_client_id, conversation_id, channel, direction, body, delivery_status)
  values ('fe000000-0000-4000-8000-00000000000a', 'fe200000-0000-4000-8000-00000000000a', 'whatsapp', 'inbound', 'x', 'sent')$$,
  '23514', null, 'an inbound message has none');
select throws_ok($$update public.messages set delivery_status = 'bounced' where id = 'fe300000-0000-4000-8000-00000000000a'$$,
  '23514', null, 'only the five statuses are accepted');

-- Forward: pending, sent, delivered, read.
update public.messages set delivery_status = 'sent', platform_message_id = 'wamid.delivery_a'
  where id = 'fe300000-0000-4000-8000-00000000000a';
select is((select delivery_status from public.messages where id = 'fe300000-0000-4000-8000-00000000000a'), 'sent',
  'pending moves to sent');
update public.messages set delivery_status = 'read' where id = 'fe300000-0000-4000-8000-00000000000a';
select is((select delivery_status from public.messages where id = 'fe300000-0000-4000-8000-00000000000a'), 'read',
  'sent moves to read (a skipped delivered is fine)');

-- Back: ignored, so a late or repeated status update changes nothing.
update public.messages set delivery_status = 'delivered' where id = 'fe300000-0000-4000-8000-00000000000a';
select is((select delivery_status from public.messages where id = 'fe300000-0000-4000-8000-00000000000a'), 'read',
  'a delivered arriving after the read is ignored');
update public.messages set delivery_status = 'pending' where id = 'fe300000-0000-4000-8000-00000000000a';
select is((select delivery_status from public.messages where id = 'fe300000-0000-4000-8000-00000000000a'), 'read',
  'a status never moves back to pending');
update public.messages set delivery_status = 'failed', delivery_error = 'late' where id = 'fe300000-0000-4000-8000-00000000000a';
select is((select delivery_status || '/' || coalesce(delivery_error, '-') from public.messages
  where id = 'fe300000-0000-4000-8000-00000000000a'), 'read/-', 'a read message does not become failed');

-- failed, as the platform reports it, after sent or delivered; then nothing moves.
update public.messages set delivery_status = 'failed', delivery_error = 'Re-engagement message'
  where id = 'fe300000-0000-4000-8000-00000000000b';
select is((select delivery_status || '/' || delivery_error from public.messages where id = 'fe300000-0000-4000-8000-00000000000b'),
  'failed/Re-engagement message', 'sent moves to failed, with the platform''s reason');
update public.messages set delivery_status = 'delivered', delivery_error = null where id = 'fe300000-0000-4000-8000-00000000000b';
select is((select delivery_status || '/' || delivery_error from public.messages where id = 'fe300000-0000-4000-8000-00000000000b'),
  'failed/Re-engagement message', 'nothing follows failed');
select is((select count(*)::int from public.messages
  where id in ('fe300000-0000-4000-8000-00000000000a', 'fe300000-0000-4000-8000-00000000000b') and body like 'Hello _'), 2,
  'the rows themselves stay');
reset role;

-- Members: read their own client's messages only, and write none.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f2000000-0000-4000-8000-00000000000a","role":"authenticated"}';
select results_eq($$select body from public.messages where platform_client_id in
    ('fe000000-0000-4000-8000-00000000000a', 'fe000000-0000-4000-8000-00000000000b') order by body$$,
  $$values ('Hello A')$$, 'Ana reads client A''s message and not client B''s');
select throws_ok($$insert into public.messages (platform_client_id, conversation_id, channel, direction, body, delivery_status)
  values ('fe000000-0000-4000-8000-00000000000a', 'fe200000-0000-4000-8000-00000000000a', 'whatsapp', 'outbound', 'x', 'sent')$$,
  '42501', null, 'a member cannot insert a message into their own client''s conversation');
select throws_ok($$insert into public.messages (platform_client_id, conversation_id, channel, direction, body)
  values ('fe000000-0000-4000-8000-00000000000a', 'fe200000-0000-4000-8000-00000000000a', 'whatsapp', 'inbound', 'x')$$,
  '42501', null, 'nor fake an inbound one');
select throws_ok($$update public.messages set delivery_status = 'read' where id = 'fe300000-0000-4000-8000-00000000000a'$$,
  '42501', null, 'a member cannot change a delivery status');
select throws_ok($$update public.messages set delivery_error = null where id = 'fe300000-0000-4000-8000-00000000000a'$$,
  '42501', null, 'nor a delivery error');
select ok(not has_column_privilege('authenticated', 'public.messages', 'delivery_status', 'UPDATE'),
  'authenticated holds no update privilege on delivery_status');

set local request.jwt.claims to '{"sub":"f2000000-0000-4000-8000-00000000000b","role":"authenticated"}';
select results_eq($$select body from public.messages where platform_client_id in
    ('fe000000-0000-4000-8000-00000000000a', 'fe000000-0000-4000-8000-00000000000b') order by body$$,
  $$values ('Hello B')$$, 'Ben reads client B''s message and not client A''s');
reset role;

select * from finish();
rollback;
