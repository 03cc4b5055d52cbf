-- Chat schema: platform clients are the tenants; their members answer conversations with social
-- contacts on WhatsApp, Instagram and Messenger. Every tenant table carries platform_client_id.
-- RLS is enabled here and users get no grants yet: until the policies migration runs, every table is closed.

-- Keeps updated_at current on every table (see the triggers below).
create or replace function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create table public.platform_clients (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.platform_client_members (
  id uuid primary key default gen_random_uuid(),
  platform_client_id uuid not null references public.platform_clients (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'agent' check (role in ('owner', 'admin', 'agent')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (platform_client_id, user_id)
);

-- The business accounts that receive messages (WhatsApp phone_number_id, Instagram account id,
-- Facebook page id): the webhooks find a message's platform client here. Globally unique, so that
-- an account can belong to one client only.
create table public.channel_accounts (
  id uuid primary key default gen_random_uuid(),
  platform_client_id uuid not null references public.platform_clients (id) on delete cascade,
  channel text not null check (channel in ('whatsapp', 'instagram', 'messenger')),
  account_id text not null,
  display_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (channel, account_id)
);

-- One row per channel identity: WhatsApp wa_id, Instagram-scoped ID or page-scoped ID.
create table public.social_contacts (
  id uuid primary key default gen_random_uuid(),
  platform_client_id uuid not null references public.platform_clients (id) on delete cascade,
  channel text not null check (channel in ('whatsapp', 'instagram', 'messenger')),
  platform_user_id text not null,
  display_name text,
  phone text,
  lead_score integer not null default 0 check (lead_score between 0 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (platform_client_id, channel, platform_user_id),
  -- Target of the composite foreign keys below: a row can only point at its own client's data.
  unique (platform_client_id, id)
);

-- One thread per contact and channel.
create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  platform_client_id uuid not null references public.platform_clients (id) on delete cascade,
  social_contact_id uuid not null,
  channel text not null check (channel in ('whatsapp', 'instagram', 'messenger')),
  status text not null default 'open' check (status in ('open', 'pending', 'closed')),
  assigned_to uuid references auth.users (id) on delete set null,
  last_message_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (social_contact_id, channel),
  unique (platform_client_id, id),
  foreign key (platform_client_id, social_contact_id)
    references public.social_contacts (platform_client_id, id) on delete cascade
);

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  platform_client_id uuid not null references public.platform_clients (id) on delete cascade,
  conversation_id uuid not null,
  channel text not null check (channel in ('whatsapp', 'instagram', 'messenger')),
  direction text not null check (direction in ('inbound', 'outbound')),
  body text,
  -- The platform's own message id: a webhook delivered twice is stored once.
  platform_message_id text,
  sender_user_id uuid references auth.users (id) on delete set null,
  sent_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (platform_client_id, channel, platform_message_id),
  foreign key (platform_client_id, conversation_id)
    references public.conversations (platform_client_id, id) on delete cascade
);

-- Indexes: platform_client_id (every policy), each foreign key, and the inbox and thread queries.
create index platform_clients_created_by_idx on public.platform_clients (created_by);
create index platform_client_members_user_id_idx on public.platform_client_members (user_id, platform_client_id);
create index channel_accounts_platform_client_id_idx on public.channel_accounts (platform_client_id);
create index social_contacts_lead_score_idx on public.social_contacts (platform_client_id, lead_score desc);
create index conversations_inbox_idx on public.conversations (platform_client_id, last_message_at desc);
create index conversations_contact_idx on public.conversations (platform_client_id, social_contact_id);
create index conversations_assigned_to_idx on public.conversations (assigned_to);
create index messages_conversation_idx on public.messages (platform_client_id, conversation_id);
create index messages_conversation_id_created_at_idx on public.messages (conversation_id, created_at);
create index messages_sender_user_id_idx on public.messages (sender_user_id);

create trigger set_updated_at before update on public.platform_clients
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.platform_client_members
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.channel_accounts
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.social_contacts
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.conversations
  for each row execute function public.set_updated_at();
create trigger set_updated_at before update on public.messages
  for each row execute function public.set_updated_at();

-- Whoever creates a platform client becomes its owner.
create or replace function public.add_platform_client_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.platform_client_members (platform_client_id, user_id, role)
    values (new.id, new.created_by, 'owner');
  end if;
  return new;
end;
$$;

create trigger add_platform_client_owner after insert on public.platform_clients
  for each row execute function public.add_platform_client_owner();

-- A new message moves its conversation to the top of the inbox (as the caller: whoever may add a
-- message to a conversation may also update it).
create or replace function public.touch_conversation()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.conversations
  set last_message_at = greatest(coalesce(last_message_at, new.sent_at), new.sent_at)
  where id = new.conversation_id;
  return new;
end;
$$;

create trigger touch_conversation after insert on public.messages
  for each row execute function public.touch_conversation();

alter table public.platform_clients enable row level security;
alter table public.platform_client_members enable row level security;
alter table public.channel_accounts enable row level security;
alter table public.social_contacts enable row level security;
alter table public.conversations enable row level security;
alter table public.messages enable row level security;

-- Grants. Older Supabase projects give every new table and function to anon and authenticated
-- automatically; projects on the explicit-grants default (2026) give nothing, not even to service_role.
-- So revoke, then grant exactly what is needed, and the result is the same on both: service_role
-- (Edge Functions holding the service key; it bypasses RLS) gets the tables here, authenticated gets
-- what the policies allow in the next migration, anon gets nothing.
revoke all on table public.platform_clients, public.platform_client_members, public.channel_accounts,
  public.social_contacts, public.conversations, public.messages from anon, authenticated;
grant select, insert, update, delete on table public.platform_clients,
  public.platform_client_members, public.channel_accounts, public.social_contacts,
  public.conversations, public.messages to service_role;
revoke execute on function public.set_updated_at(), public.add_platform_client_owner(),
  public.touch_conversation() from public, anon, authenticated;
