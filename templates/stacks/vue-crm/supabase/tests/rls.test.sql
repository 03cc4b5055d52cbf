-- Row Level Security and the rules the database enforces, as pgTAP tests.
-- Run them with `npx supabase test db` (the local stack must be running). Everything happens in one
-- transaction that is rolled back: the users and rows made here disappear, the seed is not needed.
begin;
create extension if not exists pgtap with schema extensions;
select no_plan();

-- Two organizations. Ana owns A (Carla is a member, Dario an admin); Ben owns B.
insert into auth.users (id, email, aud, role) values
  ('f0000000-0000-4000-8000-00000000000a', 'ana@test.example', 'authenticated', 'authenticated'),
  ('f0000000-0000-4000-8000-00000000000b', 'ben@test.example', 'authenticated', 'authenticated'),
  ('f0000000-0000-4000-8000-00000000000c', 'carla@test.example', 'authenticated', 'authenticated'),
  ('f0000000-0000-4000-8000-00000000000d', 'dario@test.example', 'authenticated', 'authenticated');
insert into public.organizations (id, name, created_by) values
  ('fa000000-0000-4000-8000-00000000000a', 'Org A', 'f0000000-0000-4000-8000-00000000000a'),
  ('fa000000-0000-4000-8000-00000000000b', 'Org B', 'f0000000-0000-4000-8000-00000000000b');
insert into public.memberships (organization_id, user_id, role) values
  ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000c', 'member'),
  ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000d', 'admin');
insert into public.contacts (id, organization_id, first_name) values
  ('fc000000-0000-4000-8000-00000000000a', 'fa000000-0000-4000-8000-00000000000a', 'Lena'),
  ('fc000000-0000-4000-8000-00000000000b', 'fa000000-0000-4000-8000-00000000000b', 'Priya');
insert into public.opportunities (id, organization_id, contact_id, title, stage) values
  ('fd000000-0000-4000-8000-00000000000a', 'fa000000-0000-4000-8000-00000000000a',
   'fc000000-0000-4000-8000-00000000000a', 'Renewal', 'proposal'),
  ('fd000000-0000-4000-8000-00000000000b', 'fa000000-0000-4000-8000-00000000000b',
   'fc000000-0000-4000-8000-00000000000b', 'Pilot', 'qualified');
insert into public.interactions (organization_id, contact_id, opportunity_id, kind, subject) values
  ('fa000000-0000-4000-8000-00000000000a', 'fc000000-0000-4000-8000-00000000000a',
   'fd000000-0000-4000-8000-00000000000a', 'call', 'Terms'),
  ('fa000000-0000-4000-8000-00000000000b', 'fc000000-0000-4000-8000-00000000000b',
   'fd000000-0000-4000-8000-00000000000b', 'email', 'Scope');

-- Every tenant table and view, with the column that names its organization.
create temporary table tenant_tables (name text, org_column text, is_table boolean) on commit drop;
insert into tenant_tables values
  ('organizations', 'id', true), ('memberships', 'organization_id', true), ('contacts', 'organization_id', true),
  ('opportunities', 'organization_id', true), ('interactions', 'organization_id', true),
  ('contact_list_view', 'organization_id', false), ('organization_summary_analytics', 'organization_id', false);
grant select on tenant_tables to anon, authenticated;

-- anon: no table or view is readable, nothing is writable.
set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok(format('select * from public.%I', name), '42501', null, format('anon cannot read %s', name))
from tenant_tables order by name;
select throws_ok($$insert into public.contacts (organization_id, first_name)
  values ('fa000000-0000-4000-8000-00000000000a', 'Mallory')$$, '42501', null, 'anon cannot insert a contact');
select throws_ok($$update public.contacts set first_name = 'Mallory'$$, '42501', null, 'anon cannot update contacts');
select throws_ok($$delete from public.opportunities$$, '42501', null, 'anon cannot delete opportunities');
select throws_ok(format('insert into public.%I default values', name), '42501', null, format('anon cannot insert into %s', name))
from tenant_tables where is_table order by name;
select throws_ok(format('update public.%I set updated_at = now()', name), '42501', null, format('anon cannot update %s', name))
from tenant_tables where is_table order by name;
select throws_ok(format('delete from public.%I', name), '42501', null, format('anon cannot delete from %s', name))
from tenant_tables where is_table order by name;
reset role;

-- Ana (organization A) sees A's rows and none of B's, and cannot change B's.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000a","role":"authenticated"}';
select ok((select count(*) from public.organizations) = 1, 'a member sees only their organization');
select is(
  (select count(*)::int from public.contacts), 1, 'a member sees only their contacts');
select results_eq(format('select count(*)::int from public.%I where %I = %L', name, org_column,
    'fa000000-0000-4000-8000-00000000000b'), 'values (0)', format('%s: nothing of organization B is visible', name))
from tenant_tables order by name;
select results_ne(format('select count(*)::int from public.%I where %I = %L', name, org_column,
    'fa000000-0000-4000-8000-00000000000a'), 'values (0)', format('%s: organization A is visible', name))
from tenant_tables order by name;
select throws_ok(format('insert into public.contacts (organization_id, first_name) values (%L, %L)',
    'fa000000-0000-4000-8000-00000000000b', 'Mallory'), '42501', null, 'no insert into organization B');
select throws_ok(format('insert into public.opportunities (organization_id, title) values (%L, %L)',
    'fa000000-0000-4000-8000-00000000000b', 'Mallory'), '42501', null, 'no opportunity in organization B');
select throws_ok(format('insert into public.interactions (organization_id, contact_id, kind, subject) values (%L, %L, %L, %L)',
    'fa000000-0000-4000-8000-00000000000b', 'fc000000-0000-4000-8000-00000000000b', 'call', 'x'), '42501', null,
  'no interaction in organization B');
select throws_ok(format('insert into public.memberships (organization_id, user_id, role) values (%L, %L, %L)',
    'fa000000-0000-4000-8000-00000000000b', 'f0000000-0000-4000-8000-00000000000a', 'owner'), '42501', null,
  'no joining organization B');
select lives_ok(format('insert into public.contacts (organization_id, first_name) values (%L, %L)',
    'fa000000-0000-4000-8000-00000000000a', 'Marco'), 'an insert into the own organization works');
select results_eq(format('with changed as (update public.%I set updated_at = now() where %I = %L returning 1) '
    || 'select count(*)::int from changed', name, org_column, 'fa000000-0000-4000-8000-00000000000b'),
  'values (0)', format('%s: no update reaches organization B', name))
from tenant_tables where is_table order by name;
select results_eq(format('with gone as (delete from public.%I where %I = %L returning 1) '
    || 'select count(*)::int from gone', name, org_column, 'fa000000-0000-4000-8000-00000000000b'),
  'values (0)', format('%s: no delete reaches organization B', name))
from tenant_tables where is_table order by name;
reset role;
select is((select count(*)::int from public.contacts where organization_id = 'fa000000-0000-4000-8000-00000000000b'), 1,
  'organization B still has its contact');

-- Roles: members work on the data, only owners and admins manage members, admins never add an owner.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000c","role":"authenticated"}';
select throws_ok($$insert into public.memberships (organization_id, user_id, role)
  values ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000b', 'member')$$,
  '42501', null, 'a member cannot add members');
select results_eq($$with changed as (update public.organizations set name = 'Renamed'
  where id = 'fa000000-0000-4000-8000-00000000000a' returning 1) select count(*)::int from changed$$,
  'values (0)', 'a member cannot rename the organization');
select lives_ok($$update public.contacts set last_name = 'Fischer' where id = 'fc000000-0000-4000-8000-00000000000a'$$,
  'a member edits a contact');
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000d","role":"authenticated"}';
select throws_ok($$insert into public.memberships (organization_id, user_id, role)
  values ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000b', 'owner')$$,
  '42501', null, 'an admin cannot add an owner');
select lives_ok($$insert into public.memberships (organization_id, user_id, role)
  values ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000b', 'member')$$,
  'an admin adds a member');
select results_eq($$with gone as (delete from public.memberships where organization_id = 'fa000000-0000-4000-8000-00000000000a'
  and role = 'owner' returning 1) select count(*)::int from gone$$, 'values (0)', 'an admin cannot remove the owner');
reset role;

-- Opportunity stages only move forward; won and lost are final.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000a","role":"authenticated"}';
select throws_ok($$update public.opportunities set stage = 'lead' where id = 'fd000000-0000-4000-8000-00000000000a'$$,
  '23514', null, 'an opportunity cannot move back to an earlier stage');
select lives_ok($$update public.opportunities set stage = 'negotiation' where id = 'fd000000-0000-4000-8000-00000000000a'$$,
  'an opportunity moves forward');
select lives_ok($$update public.opportunities set stage = 'won' where id = 'fd000000-0000-4000-8000-00000000000a'$$,
  'an open opportunity is won');
select throws_ok($$update public.opportunities set stage = 'lost' where id = 'fd000000-0000-4000-8000-00000000000a'$$,
  '23514', null, 'a won opportunity stays won');
reset role;
select throws_ok($$update public.opportunities set stage = 'lead' where id = 'fd000000-0000-4000-8000-00000000000b'$$,
  '23514', null, 'the rule holds for the service role and SQL too');

select * from finish();
rollback;
