-- Sending messages: the send-message Edge Function writes each outbound message with the service role
-- after checking that the caller is a member of the conversation's platform client, calls the
-- channel's API, and records the platform's answer. Members no longer insert or update messages
-- themselves: inbound messages come from the webhooks, outbound ones from send-message, and both
-- are a record of what was said on the platform.

-- An outbound message's delivery: 'pending' until the platform answers, then 'sent', 'delivered',
-- 'read' as its status updates arrive, or 'failed' (with the platform's reason in delivery_error).
-- Inbound messages have none.
alter table public.messages
  add column delivery_status text check (delivery_status in ('pending', 'sent', 'delivered', 'read', 'failed')),
  add column delivery_error text;

-- Outbound messages stored before this migration were sent by then.
update public.messages set delivery_status = 'sent' where direction = 'outbound' and delivery_status is null;

alter table public.messages
  add constraint messages_delivery_status_outbound_only check ((direction = 'outbound') = (delivery_status is not null));

-- A status only moves forward: pending, sent, delivered, read. 'failed' can follow any status but
-- 'read', and nothing follows 'failed' or 'read'. Platforms send status updates out of order and
-- more than once (a 'delivered' after the 'read'), so a move back is ignored, not an error: the
-- webhook that carries it succeeds and Meta does not deliver it again.
create or replace function public.keep_delivery_status_forward()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  steps constant text[] := array['pending', 'sent', 'delivered', 'read'];
begin
  if new.delivery_status is not distinct from old.delivery_status then
    return new;
  end if;
  if new.delivery_status is null
    or old.delivery_status in ('failed', 'read')
    or (new.delivery_status <> 'failed'
      and array_position(steps, new.delivery_status) < array_position(steps, old.delivery_status)) then
    new.delivery_status := old.delivery_status;
    new.delivery_error := old.delivery_error;
  end if;
  return new;
end;
$$;

create trigger keep_delivery_status_forward before update of delivery_status on public.messages
  for each row execute function public.keep_delivery_status_forward();

revoke execute on function public.keep_delivery_status_forward() from public, anon, authenticated;

-- Messages are written by the service role only (webhooks and send-message). Members read their
-- client's messages and may still delete one.
drop policy "messages: members create" on public.messages;
drop policy "messages: members update" on public.messages;
revoke insert, update on table public.messages from authenticated;

comment on column public.messages.delivery_status is
  'Outbound only: pending, sent, delivered, read or failed; moves forward only (keep_delivery_status_forward).';
