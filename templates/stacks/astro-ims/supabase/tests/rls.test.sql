-- Row Level Security and the rules the database enforces, as pgTAP tests.
-- Run them with `npx supabase test db` (the local stack must be running). Everything happens in one
-- transaction that is rolled back: the users and rows made here disappear, the seed is not needed.
begin;
create extension if not exists pgtap with schema extensions;
select no_plan();

-- An admin and two installers; each installer is assigned one installation of a different customer.
insert into auth.users (id, email, aud, role, raw_user_meta_data) values
  ('f0000000-0000-4000-8000-00000000000a', 'admin@test.example', 'authenticated', 'authenticated', '{"full_name":"Admin"}'),
  ('f0000000-0000-4000-8000-000000000001', 'ines@test.example', 'authenticated', 'authenticated', '{"full_name":"Ines"}'),
  ('f0000000-0000-4000-8000-000000000002', 'tomas@test.example', 'authenticated', 'authenticated', '{"full_name":"Tomas"}');
select results_eq($$select role from public.profiles where id = 'f0000000-0000-4000-8000-00000000000a'$$,
  $$values ('installer')$$, 'a new user gets a profile, as installer whatever their metadata says');
update public.profiles set role = 'admin' where id = 'f0000000-0000-4000-8000-00000000000a';
insert into public.customers (id, name, address) values
  ('fc000000-0000-4000-8000-000000000001', 'Customer 1', 'Street 1'),
  ('fc000000-0000-4000-8000-000000000002', 'Customer 2', 'Street 2');
insert into public.installations (id, customer_id, title, address) values
  ('fe000000-0000-4000-8000-000000000001', 'fc000000-0000-4000-8000-000000000001', 'Job 1', 'Street 1'),
  ('fe000000-0000-4000-8000-000000000002', 'fc000000-0000-4000-8000-000000000002', 'Job 2', 'Street 2');
insert into public.installation_assignments (installation_id, installer_id) values
  ('fe000000-0000-4000-8000-000000000001', 'f0000000-0000-4000-8000-000000000001'),
  ('fe000000-0000-4000-8000-000000000002', 'f0000000-0000-4000-8000-000000000002');
insert into public.installation_status_history (installation_id, to_status) values
  ('fe000000-0000-4000-8000-000000000001', 'scheduled'),
  ('fe000000-0000-4000-8000-000000000002', 'scheduled');
insert into realtime.messages (topic, extension, payload, event, private) values
  ('installer:f0000000-0000-4000-8000-000000000001', 'broadcast', '{"message":"for Ines"}', 'notification', true),
  ('installer:f0000000-0000-4000-8000-000000000002', 'broadcast', '{"message":"for Tomas"}', 'notification', true);

-- Per table: the rows of installer 2 (what installer 1 must neither see nor change).
create temporary table other_rows (name text, predicate text) on commit drop;
insert into other_rows values
  ('profiles', $$id = 'f0000000-0000-4000-8000-000000000002'$$),
  ('customers', $$id = 'fc000000-0000-4000-8000-000000000002'$$),
  ('installations', $$id = 'fe000000-0000-4000-8000-000000000002'$$),
  ('installation_assignments', $$installation_id = 'fe000000-0000-4000-8000-000000000002'$$),
  ('installation_status_history', $$installation_id = 'fe000000-0000-4000-8000-000000000002'$$);
grant select on other_rows to anon, authenticated;

-- anon: nothing is readable or writable.
set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok(format('select * from public.%I', name), '42501', null, format('anon cannot read %s', name))
from other_rows order by name;
select throws_ok($$insert into public.customers (name) values ('Mallory')$$, '42501', null, 'anon cannot insert a customer');
select throws_ok($$update public.installations set notes = 'x'$$, '42501', null, 'anon cannot update installations');
select throws_ok($$delete from public.installation_assignments$$, '42501', null, 'anon cannot delete assignments');
select throws_ok(format('insert into public.%I default values', name), '42501', null, format('anon cannot insert into %s', name))
from other_rows order by name;
select throws_ok(format('update public.%I set updated_at = now()', name), '42501', null, format('anon cannot update %s', name))
from other_rows order by name;
select throws_ok(format('delete from public.%I', name), '42501', null, format('anon cannot delete from %s', name))
from other_rows order by name;
reset role;

-- Installer 1 sees their own installation, its customer and history, and nothing of installer 2's.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-000000000001","role":"authenticated"}';
select results_eq('select id from public.installations', $$values ('fe000000-0000-4000-8000-000000000001'::uuid)$$,
  'an installer sees only the installations assigned to them');
select results_eq('select id from public.customers', $$values ('fc000000-0000-4000-8000-000000000001'::uuid)$$,
  'an installer sees only the customers of their installations');
select results_eq('select id from public.profiles', $$values ('f0000000-0000-4000-8000-000000000001'::uuid)$$,
  'an installer sees only their own profile');
select results_eq(format('select count(*)::int from public.%I where %s', name, predicate), 'values (0)',
  format('%s: nothing of installer 2 is visible', name))
from other_rows order by name;
select results_eq(format('with changed as (update public.%I set updated_at = now() where %s returning 1) '
    || 'select count(*)::int from changed', name, predicate), 'values (0)', format('%s: no update reaches installer 2', name))
from other_rows order by name;
select results_eq(format('with gone as (delete from public.%I where %s returning 1) '
    || 'select count(*)::int from gone', name, predicate), 'values (0)', format('%s: no delete reaches installer 2', name))
from other_rows order by name;
select throws_ok($$insert into public.installation_status_history (installation_id, to_status, changed_by)
  values ('fe000000-0000-4000-8000-000000000002', 'completed', 'f0000000-0000-4000-8000-000000000001')$$,
  '42501', null, 'an installer cannot add history to an installation not assigned to them');
select lives_ok($$insert into public.installation_status_history (installation_id, to_status, note, changed_by)
  values ('fe000000-0000-4000-8000-000000000001', 'scheduled', 'Called the customer', 'f0000000-0000-4000-8000-000000000001')$$,
  'an installer adds a note to their own installation');

-- Role rules: installers move their jobs forward and edit notes; everything else is for admins.
select throws_ok($$insert into public.customers (name) values ('New customer')$$, '42501', null,
  'an installer cannot create a customer');
select throws_ok($$insert into public.installation_assignments (installation_id, installer_id)
  values ('fe000000-0000-4000-8000-000000000002', 'f0000000-0000-4000-8000-000000000001')$$, '42501', null,
  'an installer cannot assign themselves');
select throws_ok($$update public.profiles set role = 'admin' where id = 'f0000000-0000-4000-8000-000000000001'$$,
  '42501', null, 'an installer cannot promote themselves');
select throws_ok($$update public.installations set title = 'Renamed' where id = 'fe000000-0000-4000-8000-000000000001'$$,
  '42501', null, 'an installer changes only status and notes');
select results_eq($$with gone as (delete from public.installations where id = 'fe000000-0000-4000-8000-000000000001'
  returning 1) select count(*)::int from gone$$, 'values (0)', 'an installer cannot delete their installation');
select lives_ok($$update public.installations set status = 'in_progress', notes = 'On site'
  where id = 'fe000000-0000-4000-8000-000000000001'$$, 'an installer starts their job');
select results_eq($$select from_status, to_status, changed_by from public.installation_status_history
  where installation_id = 'fe000000-0000-4000-8000-000000000001' and to_status = 'in_progress'$$,
  $$values ('scheduled', 'in_progress', 'f0000000-0000-4000-8000-000000000001'::uuid)$$,
  'the status change is recorded in the history');

-- Installation statuses only move forward; completed and cancelled are final.
select throws_ok($$update public.installations set status = 'scheduled' where id = 'fe000000-0000-4000-8000-000000000001'$$,
  '23514', null, 'an installation cannot go back to scheduled');
select lives_ok($$update public.installations set status = 'completed' where id = 'fe000000-0000-4000-8000-000000000001'$$,
  'an installation is completed');
select throws_ok($$update public.installations set status = 'cancelled' where id = 'fe000000-0000-4000-8000-000000000001'$$,
  '23514', null, 'a completed installation stays completed');

-- Realtime: an installer receives the broadcasts of their own private topic only, and sends none.
set local realtime.topic to 'installer:f0000000-0000-4000-8000-000000000001';
select results_eq($$select payload ->> 'message' from realtime.messages$$, $$values ('for Ines')$$,
  'an installer receives the broadcasts on their own topic');
set local realtime.topic to 'installer:f0000000-0000-4000-8000-000000000002';
select is_empty($$select 1 from realtime.messages$$, 'an installer cannot join another installer''s topic');
select throws_ok($$insert into realtime.messages (topic, extension, payload, private)
  values ('installer:f0000000-0000-4000-8000-000000000002', 'broadcast', '{}', true)$$, '42501', null,
  'an installer cannot broadcast to another installer');
reset realtime.topic;
reset role;

-- The admin sees and manages everything.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000a","role":"authenticated"}';
select results_eq($$select count(*)::int from public.installations where id::text like 'fe000000-%'$$, 'values (2)',
  'the admin sees every installation');
select lives_ok($$insert into public.installation_assignments (installation_id, installer_id)
  values ('fe000000-0000-4000-8000-000000000002', 'f0000000-0000-4000-8000-000000000001')$$, 'the admin assigns installers');
select lives_ok($$update public.installations set status = 'cancelled' where id = 'fe000000-0000-4000-8000-000000000002'$$,
  'the admin cancels a scheduled installation');
select throws_ok($$update public.installations set status = 'in_progress' where id = 'fe000000-0000-4000-8000-000000000002'$$,
  '23514', null, 'a cancelled installation stays cancelled, even for the admin');
reset role;

-- Server code with the service key (no user) is not limited by the installer rules.
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select lives_ok($$update public.installations set title = 'Job 2 (rescheduled)', scheduled_for = now()
  where id = 'fe000000-0000-4000-8000-000000000002'$$, 'the service role edits an installation');
reset role;

select * from finish();
rollback;
