-- Row Level Security: every row belongs to its owner, and only the owner sees it.
-- The Edge Functions that talk to n8n act for a user with that user's JWT (trigger-workflow creates
-- and starts runs), or with the service role (which bypasses RLS) for n8n's callbacks, after checking
-- the signature. What only callbacks write (webhook_events, stock_metrics) users can read, not write.

create policy "workflow_definitions: owner reads" on public.workflow_definitions
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "workflow_definitions: owner creates" on public.workflow_definitions
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "workflow_definitions: owner updates" on public.workflow_definitions
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "workflow_definitions: owner deletes" on public.workflow_definitions
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "workflow_runs: owner reads" on public.workflow_runs
  for select to authenticated using (owner_id = (select auth.uid()));
-- A run starts queued; n8n's callbacks (service role) report how it ends.
create policy "workflow_runs: owner creates" on public.workflow_runs
  for insert to authenticated with check (owner_id = (select auth.uid()) and status = 'queued');
create policy "workflow_runs: owner updates" on public.workflow_runs
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "workflow_runs: owner deletes" on public.workflow_runs
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "webhook_events: owner reads" on public.webhook_events
  for select to authenticated using (owner_id = (select auth.uid()));

create policy "stock_metrics: owner reads" on public.stock_metrics
  for select to authenticated using (owner_id = (select auth.uid()));

grant select, insert, update, delete on table public.workflow_definitions, public.workflow_runs to authenticated;
grant select on table public.webhook_events, public.stock_metrics to authenticated;
