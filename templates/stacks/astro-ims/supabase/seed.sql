-- Example data for local development (`npx supabase db reset` applies it after the migrations).
-- admin@example.com is an admin; ines@example.com and tomas@example.com are installers with
-- different assignments, so that the installer view can be compared. Every password is password123
-- (production signs in with Google; local email sign-in is for testing roles).

insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change_token_new, email_change)
values
  ('00000000-0000-0000-0000-000000000000', '00000000-0000-4000-8000-000000000001', 'authenticated',
   'authenticated', 'admin@example.com', extensions.crypt('password123', extensions.gen_salt('bf')), now(),
   '{"provider":"email","providers":["email"]}', '{"full_name":"Alex Admin"}', now(), now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '00000000-0000-4000-8000-000000000002', 'authenticated',
   'authenticated', 'ines@example.com', extensions.crypt('password123', extensions.gen_salt('bf')), now(),
   '{"provider":"email","providers":["email"]}', '{"full_name":"Ines Moreau"}', now(), now(), '', '', '', ''),
  ('00000000-0000-0000-0000-000000000000', '00000000-0000-4000-8000-000000000003', 'authenticated',
   'authenticated', 'tomas@example.com', extensions.crypt('password123', extensions.gen_salt('bf')), now(),
   '{"provider":"email","providers":["email"]}', '{"full_name":"Tomas Berg"}', now(), now(), '', '', '', '');

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
  'email', now(), now(), now()
from auth.users u
where u.id in ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003');

-- Profiles were created as installers by the on_auth_user_created trigger.
update public.profiles set role = 'admin' where id = '00000000-0000-4000-8000-000000000001';

insert into public.customers (id, name, email, phone, address) values
  ('0c000000-0000-4000-8000-000000000001', 'Greenfield Farm', 'office@greenfield.example', '+34 600 000 001', 'Camino Real 12, Valencia'),
  ('0c000000-0000-4000-8000-000000000002', 'Harbor Bakery', 'hello@harbor.example', '+34 600 000 002', 'Muelle 3, Alicante'),
  ('0c000000-0000-4000-8000-000000000003', 'Sunny Apartments', 'admin@sunny.example', null, 'Avenida del Sol 45, Murcia');

insert into public.installations (id, customer_id, title, address, status, scheduled_for, notes) values
  ('0e000000-0000-4000-8000-000000000001', '0c000000-0000-4000-8000-000000000001', 'Solar panels, barn roof',
   'Camino Real 12, Valencia', 'scheduled', '2026-11-10 08:00+01', 'Ladder access from the east side.'),
  ('0e000000-0000-4000-8000-000000000002', '0c000000-0000-4000-8000-000000000002', 'Heat pump',
   'Muelle 3, Alicante', 'scheduled', '2026-11-12 09:00+01', null),
  ('0e000000-0000-4000-8000-000000000003', '0c000000-0000-4000-8000-000000000003', 'EV chargers, garage',
   'Avenida del Sol 45, Murcia', 'scheduled', null, 'Waiting for the building permit.'),
  ('0e000000-0000-4000-8000-000000000004', '0c000000-0000-4000-8000-000000000001', 'Battery storage',
   'Camino Real 12, Valencia', 'scheduled', '2026-11-20 08:00+01', 'Two installers needed.');

-- The third installation is not assigned yet; the fourth needs both installers.
insert into public.installation_assignments (installation_id, installer_id, assigned_by) values
  ('0e000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001'),
  ('0e000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001'),
  ('0e000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001'),
  ('0e000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001');

insert into public.installation_status_history (installation_id, from_status, to_status, note, changed_by) values
  ('0e000000-0000-4000-8000-000000000001', null, 'scheduled', 'Created from the sales order.', '00000000-0000-4000-8000-000000000001'),
  ('0e000000-0000-4000-8000-000000000002', null, 'scheduled', 'Created from the sales order.', '00000000-0000-4000-8000-000000000001'),
  ('0e000000-0000-4000-8000-000000000003', null, 'scheduled', 'Created from the sales order.', '00000000-0000-4000-8000-000000000001'),
  ('0e000000-0000-4000-8000-000000000004', null, 'scheduled', 'Created from the sales order.', '00000000-0000-4000-8000-000000000001');

-- The first job has started: the trigger records the change in installation_status_history.
update public.installations set status = 'in_progress' where id = '0e000000-0000-4000-8000-000000000001';
