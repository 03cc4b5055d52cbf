-- Billing: each platform client pays through Stripe. The stripe-webhook Edge Function keeps
-- public.subscriptions in step with Stripe, through public.apply_stripe_subscription_event(), which
-- records every Stripe event id in private.stripe_events so that a redelivered event changes nothing.
-- Members of a platform client read its subscriptions; only the service role writes them.

create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  platform_client_id uuid not null references public.platform_clients (id) on delete cascade,
  stripe_customer_id text not null,
  stripe_subscription_id text not null unique,
  -- Stripe's subscription statuses; access is granted while it is 'active' or 'trialing'.
  status text not null check (status in (
    'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'
  )),
  price_id text,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  -- When Stripe created the last event applied to this row: an older event arriving late is skipped.
  stripe_event_created timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index subscriptions_platform_client_id_idx on public.subscriptions (platform_client_id, status);
create index subscriptions_stripe_customer_id_idx on public.subscriptions (stripe_customer_id);

create trigger set_updated_at before update on public.subscriptions
  for each row execute function public.set_updated_at();

alter table public.subscriptions enable row level security;

create policy "subscriptions: members read" on public.subscriptions
  for select to authenticated
  using (platform_client_id = any (array(select private.user_platform_client_ids())));

revoke all on table public.subscriptions from anon, authenticated;
grant select on table public.subscriptions to authenticated;
grant select, insert, update, delete on table public.subscriptions to service_role;

-- The Stripe events already applied, by event id. In the private schema: the API does not expose it.
create table private.stripe_events (
  id text primary key,
  type text not null,
  received_at timestamptz not null default now()
);

alter table private.stripe_events enable row level security;
-- The service role bypasses RLS anyway; the policy says in the schema who uses the table.
create policy "stripe_events: the service role only" on private.stripe_events
  for all to service_role
  using (true)
  with check (true);
revoke all on table private.stripe_events from public, anon, authenticated;
grant usage on schema private to service_role;
grant select, insert on table private.stripe_events to service_role;

-- Applies one verified Stripe subscription event, once per event id, in one transaction. Returns
-- 'applied', 'duplicate' (the event id was seen before), 'stale' (a newer event was applied already)
-- or 'unknown_client' (no platform client has the id the subscription's metadata names).
-- Security invoker: only the service role may call it, and it bypasses RLS anyway.
create or replace function public.apply_stripe_subscription_event(
  p_event_id text,
  p_event_type text,
  p_event_created timestamptz,
  p_platform_client_id uuid,
  p_stripe_customer_id text,
  p_stripe_subscription_id text,
  p_status text,
  p_price_id text,
  p_current_period_end timestamptz,
  p_cancel_at_period_end boolean
)
returns text
language plpgsql
set search_path = ''
as $$
begin
  insert into private.stripe_events (id, type) values (p_event_id, p_event_type)
  on conflict (id) do nothing;
  if not found then
    return 'duplicate';
  end if;

  if not exists (select 1 from public.platform_clients c where c.id = p_platform_client_id) then
    return 'unknown_client';
  end if;

  insert into public.subscriptions as s (platform_client_id, stripe_customer_id, stripe_subscription_id, status,
    price_id, current_period_end, cancel_at_period_end, stripe_event_created)
  values (p_platform_client_id, p_stripe_customer_id, p_stripe_subscription_id, p_status,
    p_price_id, p_current_period_end, p_cancel_at_period_end, p_event_created)
  on conflict (stripe_subscription_id) do update
  set status = excluded.status,
    price_id = excluded.price_id,
    current_period_end = excluded.current_period_end,
    cancel_at_period_end = excluded.cancel_at_period_end,
    stripe_event_created = excluded.stripe_event_created
  where s.stripe_event_created <= excluded.stripe_event_created;
  if not found then
    return 'stale';
  end if;
  return 'applied';
end;
$$;

revoke execute on function public.apply_stripe_subscription_event(text, text, timestamptz, uuid, text, text, text,
  text, timestamptz, boolean) from public, anon, authenticated;
grant execute on function public.apply_stripe_subscription_event(text, text, timestamptz, uuid, text, text, text,
  text, timestamptz, boolean) to service_role;
