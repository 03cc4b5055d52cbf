-- Billing as the stripe-webhook function writes it, as pgTAP tests (`npx supabase test db`).
-- public.apply_stripe_subscription_event() applies each Stripe event once, never lets an older event
-- overwrite a newer one, and is callable by the service role only. Rolled back at the end.
begin;
create extension if not exists pgtap with schema extensions;
select no_plan();

insert into auth.users (id, email, aud, role) values
  ('f1000000-0000-4000-8000-00000000000a', 'billing-owner@test.example', 'authenticated', 'authenticated');
insert into public.platform_clients (id, name, created_by) values
  ('fb000000-0000-4000-8000-00000000000a', 'Billing client', 'f1000000-0000-4000-8000-00000000000a');

select has_table('public', 'subscriptions', 'public.subscriptions exists');
select has_table('private', 'stripe_events', 'private.stripe_events exists');
select col_is_unique('public', 'subscriptions', 'stripe_subscription_id', 'one row per Stripe subscription');

set local role service_role;
select is(public.apply_stripe_subscription_event('evt_test_1', 'customer.subscription.created',
  '2026-11-01 10:00+00', 'fb000000-0000-4000-8000-00000000000a', 'cus_test', 'sub_test', 'trialing', 'price_test',
  '2026-11-15 10:00+00', false), 'applied', 'a new subscription is applied');
select is(public.apply_stripe_subscription_event('evt_test_1', 'customer.subscription.created',
  '2026-11-01 10:00+00', 'fb000000-0000-4000-8000-00000000000a', 'cus_test', 'sub_test', 'canceled', 'price_test',
  '2026-11-15 10:00+00', false), 'duplicate', 'the same event id delivered again changes nothing');
select is(public.apply_stripe_subscription_event('evt_test_2', 'customer.subscription.updated',
  '2026-11-02 10:00+00', 'fb000000-0000-4000-8000-00000000000a', 'cus_test', 'sub_test', 'active', 'price_test',
  '2026-12-02 10:00+00', false), 'applied', 'a newer event updates the row');
select is(public.apply_stripe_subscription_event('evt_test_0', 'customer.subscription.updated',
  '2026-10-31 10:00+00', 'fb000000-0000-4000-8000-00000000000a', 'cus_test', 'sub_test', 'incomplete', 'price_test',
  null, false), 'stale', 'an older event arriving late is skipped');
select is(public.apply_stripe_subscription_event('evt_test_3', 'customer.subscription.created',
  '2026-11-02 10:00+00', 'fb000000-0000-4000-8000-0000000000ff', 'cus_other', 'sub_other', 'active', null, null, false),
  'unknown_client', 'a subscription for a platform client that does not exist is not stored');
select results_eq($$select status, current_period_end from public.subscriptions where stripe_subscription_id = 'sub_test'$$,
  $$values ('active'::text, '2026-12-02 10:00+00'::timestamptz)$$, 'the row holds the newest state');
select is((select count(*)::int from private.stripe_events where id like 'evt_test_%'), 4, 'every event id is recorded once');
reset role;

-- Members read their client's subscription and cannot change it.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f1000000-0000-4000-8000-00000000000a","role":"authenticated"}';
select results_eq($$select status from public.subscriptions where platform_client_id = 'fb000000-0000-4000-8000-00000000000a'$$,
  $$values ('active'::text)$$, 'the owner reads the subscription');
select throws_ok($$select * from private.stripe_events$$, '42501', null, 'members cannot read the Stripe events');
select throws_ok($$delete from public.subscriptions$$, '42501', null, 'members cannot delete subscriptions');
reset role;

select * from finish();
rollback;
