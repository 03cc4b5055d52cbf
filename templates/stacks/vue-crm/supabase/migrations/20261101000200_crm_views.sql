-- Views for the contact list and the organization dashboard.
-- security_invoker = true: the caller's RLS on the underlying tables applies, so a view never
-- shows another organization's rows.

create view public.contact_list_view
with (security_invoker = true)
as
select
  c.id,
  c.organization_id,
  c.first_name,
  c.last_name,
  concat_ws(' ', c.first_name, c.last_name) as full_name,
  c.email,
  c.phone,
  c.company,
  c.owner_id,
  (select max(i.occurred_at) from public.interactions i where i.contact_id = c.id) as last_interaction_at,
  (select count(*) from public.opportunities o
    where o.contact_id = c.id and o.stage not in ('won', 'lost')) as open_opportunities,
  (select coalesce(sum(o.amount), 0) from public.opportunities o
    where o.contact_id = c.id and o.stage not in ('won', 'lost')) as open_pipeline_amount,
  c.created_at,
  c.updated_at
from public.contacts c;

create view public.organization_summary_analytics
with (security_invoker = true)
as
select
  org.id as organization_id,
  org.name,
  (select count(*) from public.contacts c where c.organization_id = org.id) as contact_count,
  (select count(*) from public.opportunities o
    where o.organization_id = org.id and o.stage not in ('won', 'lost')) as open_opportunity_count,
  (select coalesce(sum(o.amount), 0) from public.opportunities o
    where o.organization_id = org.id and o.stage not in ('won', 'lost')) as pipeline_amount,
  (select coalesce(sum(o.amount), 0) from public.opportunities o
    where o.organization_id = org.id and o.stage = 'won') as won_amount,
  (select count(*) from public.interactions i
    where i.organization_id = org.id and i.occurred_at >= now() - interval '30 days') as interactions_last_30_days
from public.organizations org;

revoke all on table public.contact_list_view, public.organization_summary_analytics from anon, authenticated;
grant select on table public.contact_list_view, public.organization_summary_analytics to authenticated, service_role;

-- Indexes for the lookups the views make per contact and per organization.
create index opportunities_contact_id_stage_idx on public.opportunities (contact_id, stage);
create index interactions_contact_id_occurred_at_idx on public.interactions (contact_id, occurred_at desc);
create index interactions_organization_id_occurred_at_idx on public.interactions (organization_id, occurred_at desc);
