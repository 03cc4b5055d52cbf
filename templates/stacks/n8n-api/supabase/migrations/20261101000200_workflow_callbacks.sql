-- Applies one n8n callback in one transaction: stores the delivery once (a redelivery changes
-- nothing), moves the run forward (a late or repeated report never moves it back) and marks the
-- delivery processed. Called by the n8n-callback Edge Function with the service role:
--   supabase.rpc('apply_workflow_callback', { p_delivery_id, p_run_id, p_status, p_output, p_error })
-- Returns null when the run does not exist, otherwise
--   { "duplicate": bool, "applied": bool, "status": "<the run's status afterwards>" }.
-- Security invoker: it only works for a caller that may write these tables, and only service_role
-- may execute it.
create or replace function public.apply_workflow_callback(
  p_delivery_id text,
  p_run_id uuid,
  p_status text,
  p_output jsonb default null,
  p_error text default null
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  run public.workflow_runs%rowtype;
  event_id uuid;
  moves boolean;
begin
  if p_status is null or p_status not in ('running', 'succeeded', 'failed', 'cancelled') then
    raise exception 'unknown run status: %', p_status using errcode = '22023';
  end if;

  -- Locks the run: concurrent deliveries for it are applied one after the other.
  select * into run from public.workflow_runs r where r.id = p_run_id for update;
  if not found then
    return null;
  end if;

  insert into public.webhook_events (owner_id, workflow_run_id, source, delivery_id, event_type, payload)
  values (run.owner_id, run.id, 'n8n', p_delivery_id, 'run.' || p_status,
    jsonb_build_object('status', p_status, 'output', p_output, 'error', p_error))
  on conflict (owner_id, source, delivery_id) do nothing
  returning id into event_id;
  if event_id is null then
    return jsonb_build_object('duplicate', true, 'applied', false, 'status', run.status);
  end if;

  moves := (run.status = 'queued' and p_status in ('running', 'succeeded', 'failed', 'cancelled'))
    or (run.status = 'running' and p_status in ('succeeded', 'failed', 'cancelled'));
  if moves then
    update public.workflow_runs r
    set status = p_status,
        output = coalesce(p_output, r.output),
        error = coalesce(p_error, r.error),
        started_at = coalesce(r.started_at, now()),
        finished_at = case when p_status = 'running' then null else now() end
    where r.id = run.id;
  end if;

  update public.webhook_events e set processed_at = now() where e.id = event_id;
  return jsonb_build_object('duplicate', false, 'applied', moves,
    'status', case when moves then p_status else run.status end);
end;
$$;

revoke execute on function public.apply_workflow_callback(text, uuid, text, jsonb, text) from public, anon, authenticated;
grant execute on function public.apply_workflow_callback(text, uuid, text, jsonb, text) to service_role;
