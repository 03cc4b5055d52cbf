-- Example data for local development (`npx supabase db reset` applies it after the migrations).
-- Two owners so that isolation can be seen: sign in as dana@example.com or eli@example.com.
-- Every password is password123.

insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change)
values
  ('00000000-0000-0000-0000-000000000000', '00000000-0000-4000-8000-000000000001', 'authenticated',
   'authenticated', 'dana@example.com', extensions.crypt('password123', extensions.gen_salt('bf')), now(),
   '{"provider":"email","providers":["email"]}', '{"full_name":"Dana Kim"}', now(), now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '00000000-0000-4000-8000-000000000002', 'authenticated',
   'authenticated', 'eli@example.com', extensions.crypt('password123', extensions.gen_salt('bf')), now(),
   '{"provider":"email","providers":["email"]}', '{"full_name":"Eli Novak"}', now(), now(), '', '', '', '');

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
  'email', now(), now(), now()
from auth.users u
where u.id in ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002');

insert into public.workflow_definitions (id, owner_id, name, webhook_path, description) values
  ('0a000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'Stock analysis',
   'stock-analysis', 'Fetches quotes for a watchlist and stores the metrics.'),
  ('0a000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000002', 'Stock analysis',
   'stock-analysis', 'Fetches quotes for a watchlist and stores the metrics.');

insert into public.workflow_runs (id, owner_id, workflow_definition_id, status, idempotency_key, input, output,
  attempts, started_at, finished_at) values
  ('0b000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001',
   '0a000000-0000-4000-8000-000000000001', 'succeeded', 'seed-dana-2026-11-02',
   '{"symbols":["AAPL","MSFT"]}', '{"stored":2}', 1, '2026-11-02 07:00:00+00', '2026-11-02 07:00:12+00'),
  ('0b000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001',
   '0a000000-0000-4000-8000-000000000001', 'running', 'seed-dana-2026-11-03',
   '{"symbols":["AAPL","MSFT"]}', null, 1, '2026-11-03 07:00:00+00', null),
  ('0b000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002',
   '0a000000-0000-4000-8000-000000000002', 'succeeded', 'seed-eli-2026-11-02',
   '{"symbols":["SAP"]}', '{"stored":1}', 1, '2026-11-02 08:00:00+00', '2026-11-02 08:00:09+00');

insert into public.webhook_events (owner_id, workflow_run_id, delivery_id, event_type, payload, received_at, processed_at) values
  ('00000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000001', 'seed-delivery-0001',
   'run.succeeded', '{"status":"succeeded","output":{"stored":2},"error":null}', '2026-11-02 07:00:12+00', '2026-11-02 07:00:13+00'),
  ('00000000-0000-4000-8000-000000000002', '0b000000-0000-4000-8000-000000000003', 'seed-delivery-0002',
   'run.succeeded', '{"status":"succeeded","output":{"stored":1},"error":null}', '2026-11-02 08:00:09+00', '2026-11-02 08:00:10+00');

insert into public.stock_metrics (owner_id, workflow_run_id, symbol, captured_at, price, volume, change_percent) values
  ('00000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000001', 'AAPL',
   '2026-11-02 07:00:05+00', 231.45, 48210000, 0.8421),
  ('00000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000001', 'MSFT',
   '2026-11-02 07:00:06+00', 512.10, 19870000, -0.3105),
  ('00000000-0000-4000-8000-000000000002', '0b000000-0000-4000-8000-000000000003', 'SAP',
   '2026-11-02 08:00:04+00', 248.90, 1730000, 1.2044);
