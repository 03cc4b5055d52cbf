-- Row Level Security and the rules the database enforces, as pgTAP tests.
-- Run them with `npx supabase test db` (the local stack must be running). Everything happens in one
-- transaction that is rolled back: the users and rows made here disappear, the seed is not needed.
begin;
create extension if not exists pgtap with schema extensions;
select no_plan();

-- Two owners, each with a workflow, a run, a delivery and a metric.
insert into auth.users (id, email, aud, role) values
  ('f0000000-0000-4000-8000-00000000000a', 'dana@test.example', 'authenticated', 'authenticated'),
  ('f0000000-0000-4000-8000-00000000000b', 'eli@test.example', 'authenticated', 'authenticated');
insert into public.workflow_definitions (id, owner_id, name, webhook_path) values
  ('fa000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000a', 'Stocks', 'stock-analysis'),
  ('fa000000-0000-4000-8000-00000000000b', 'f0000000-0000-4000-8000-00000000000b', 'Stocks', 'stock-analysis');
insert into public.workflow_runs (id, owner_id, workflow_definition_id, idempotency_key) values
  ('fb000000-0000-4000-8000-00000000000a', 'f0000000-0000-4000-8000-00000000000a', 'fa000000-0000-4000-8000-00000000000a', 'test-a'),
  ('fb000000-0000-4000-8000-00000000000b', 'f0000000-0000-4000-8000-00000000000b', 'fa000000-0000-4000-8000-00000000000b', 'test-b');
insert into public.webhook_events (owner_id, workflow_run_id, delivery_id, event_type) values
  ('f0000000-0000-4000-8000-00000000000a', 'fb000000-0000-4000-8000-00000000000a', 'test-delivery-a', 'run.running'),
  ('f0000000-0000-4000-8000-00000000000b', 'fb000000-0000-4000-8000-00000000000b', 'test-delivery-b', 'run.running');
insert into public.stock_metrics (owner_id, workflow_run_id, symbol, captured_at, price) values
  ('f0000000-0000-4000-8000-00000000000a', 'fb000000-0000-4000-8000-00000000000a', 'AAPL', now(), 1),
  ('f0000000-0000-4000-8000-00000000000b', 'fb000000-0000-4000-8000-00000000000b', 'SAP', now(), 1);

-- Every table; which ones users may write (the others only n8n's callbacks, with the service role).
create temporary table owner_tables (name text, writable boolean) on commit drop;
insert into owner_tables values
  ('workflow_definitions', true), ('workflow_runs', true), ('webhook_events', false), ('stock_metrics', false);
grant select on owner_tables to anon, authenticated;

-- anon: nothing is readable or writable, and the callback function is not callable.
set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok(format('select * from public.%I', name), '42501', null, format('anon cannot read %s', name))
from owner_tables order by name;
select throws_ok($$insert into public.workflow_definitions (owner_id, name, webhook_path)
  values ('f0000000-0000-4000-8000-00000000000a', 'x', 'x')$$, '42501', null, 'anon cannot insert a workflow');
select throws_ok($$update public.workflow_runs set status = 'cancelled'$$, '42501', null, 'anon cannot update runs');
select throws_ok($$select public.apply_workflow_callback('test-delivery-x', 'fb000000-0000-4000-8000-00000000000a', 'failed')$$,
  '42501', null, 'anon cannot apply a callback');
select throws_ok(format('insert into public.%I default values', name), '42501', null, format('anon cannot insert into %s', name))
from owner_tables order by name;
select throws_ok(format('update public.%I set updated_at = now()', name), '42501', null, format('anon cannot update %s', name))
from owner_tables order by name;
select throws_ok(format('delete from public.%I', name), '42501', null, format('anon cannot delete from %s', name))
from owner_tables order by name;
reset role;

-- Dana sees her rows and none of Eli's, and cannot change Eli's.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000a","role":"authenticated"}';
select results_eq(format('select count(*)::int from public.%I where owner_id = %L', name,
    'f0000000-0000-4000-8000-00000000000b'), 'values (0)', format('%s: nothing of another owner is visible', name))
from owner_tables order by name;
select results_ne(format('select count(*)::int from public.%I where owner_id = %L', name,
    'f0000000-0000-4000-8000-00000000000a'), 'values (0)', format('%s: the own rows are visible', name))
from owner_tables order by name;
select throws_ok($$insert into public.workflow_definitions (owner_id, name, webhook_path)
  values ('f0000000-0000-4000-8000-00000000000b', 'Borrowed', 'x')$$, '42501', null, 'no workflow in another owner''s name');
select throws_ok($$insert into public.workflow_runs (workflow_definition_id, idempotency_key)
  values ('fa000000-0000-4000-8000-00000000000b', 'borrowed')$$, '23503', null, 'no run of another owner''s workflow');
select lives_ok($$insert into public.workflow_runs (workflow_definition_id, idempotency_key)
  values ('fa000000-0000-4000-8000-00000000000a', 'test-a-2')$$, 'a run of the own workflow starts');
select throws_ok($$insert into public.workflow_runs (workflow_definition_id, idempotency_key, status)
  values ('fa000000-0000-4000-8000-00000000000a', 'test-a-3', 'succeeded')$$, '42501', null, 'a run starts queued');
select results_eq(format('with changed as (update public.%I set updated_at = now() where owner_id = %L returning 1) '
    || 'select count(*)::int from changed', name, 'f0000000-0000-4000-8000-00000000000b'),
  'values (0)', format('%s: no update reaches another owner', name))
from owner_tables where writable order by name;
select results_eq(format('with gone as (delete from public.%I where owner_id = %L returning 1) '
    || 'select count(*)::int from gone', name, 'f0000000-0000-4000-8000-00000000000b'),
  'values (0)', format('%s: no delete reaches another owner', name))
from owner_tables where writable order by name;

-- webhook_events and stock_metrics are written by n8n's callbacks only.
select throws_ok($$insert into public.webhook_events (owner_id, delivery_id, event_type)
  values ('f0000000-0000-4000-8000-00000000000a', 'forged-delivery', 'run.succeeded')$$, '42501', null,
  'a user cannot forge a delivery');
select throws_ok($$update public.webhook_events set processed_at = now()$$, '42501', null, 'a user cannot mark a delivery processed');
select throws_ok($$insert into public.stock_metrics (owner_id, symbol, captured_at, price)
  values ('f0000000-0000-4000-8000-00000000000a', 'ACME', now(), 1)$$, '42501', null, 'a user cannot write metrics');
select throws_ok($$delete from public.stock_metrics$$, '42501', null, 'a user cannot delete metrics');
select throws_ok($$select public.apply_workflow_callback('test-delivery-x', 'fb000000-0000-4000-8000-00000000000a', 'succeeded')$$,
  '42501', null, 'a user cannot apply a callback');

-- Runs only move forward.
select lives_ok($$update public.workflow_runs set status = 'running' where id = 'fb000000-0000-4000-8000-00000000000a'$$,
  'a queued run starts running');
select throws_ok($$update public.workflow_runs set status = 'queued' where id = 'fb000000-0000-4000-8000-00000000000a'$$,
  '23514', null, 'a running run cannot go back to queued');
select throws_ok($$update public.workflow_runs set status = 'succeeded' where id = 'fb000000-0000-4000-8000-00000000000a'$$,
  '42501', null, 'a user cannot report their run succeeded');
select throws_ok($$update public.workflow_runs set output = '{"forged":true}' where id = 'fb000000-0000-4000-8000-00000000000a'$$,
  '42501', null, 'a user cannot write the output of a run');
reset role;

-- The callback function (service role): one delivery applied once, never backwards.
set local role service_role;
set local request.jwt.claims to '{"role":"service_role"}';
select is(public.apply_workflow_callback('test-delivery-1', 'fb000000-0000-4000-8000-00000000000a', 'succeeded', '{"stored":2}'),
  '{"duplicate": false, "applied": true, "status": "succeeded"}'::jsonb, 'a callback moves the run forward');
select results_eq($$select status, output, finished_at is not null from public.workflow_runs
  where id = 'fb000000-0000-4000-8000-00000000000a'$$, $$values ('succeeded', '{"stored":2}'::jsonb, true)$$,
  'the run records the outcome');
select results_eq($$select event_type, processed_at is not null from public.webhook_events where delivery_id = 'test-delivery-1'$$,
  $$values ('run.succeeded', true)$$, 'the delivery is stored and marked processed');
select is(public.apply_workflow_callback('test-delivery-1', 'fb000000-0000-4000-8000-00000000000a', 'succeeded', '{"stored":2}'),
  '{"duplicate": true, "applied": false, "status": "succeeded"}'::jsonb, 'a redelivery changes nothing');
select is(public.apply_workflow_callback('test-delivery-2', 'fb000000-0000-4000-8000-00000000000a', 'running'),
  '{"duplicate": false, "applied": false, "status": "succeeded"}'::jsonb, 'a late report never moves the run back');
select results_eq($$select status from public.workflow_runs where id = 'fb000000-0000-4000-8000-00000000000a'$$,
  $$values ('succeeded')$$, 'the run stays succeeded');
select results_eq($$select count(*)::int from public.webhook_events where delivery_id in ('test-delivery-1', 'test-delivery-2')$$,
  'values (2)', 'every distinct delivery is kept once');
select is(public.apply_workflow_callback('test-delivery-3', 'fb000000-0000-4000-8000-0000000000ff', 'failed'),
  null, 'a callback for an unknown run changes nothing');
select throws_ok($$select public.apply_workflow_callback('test-delivery-4', 'fb000000-0000-4000-8000-00000000000b', 'queued')$$,
  '22023', null, 'a callback cannot report an unknown status');
select throws_ok($$update public.workflow_runs set status = 'running' where id = 'fb000000-0000-4000-8000-00000000000a'$$,
  '23514', null, 'a finished run stays finished, even for the service role');
reset role;

select * from finish();
rollback;
