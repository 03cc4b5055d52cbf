-- Row Level Security, as pgTAP tests.
-- Run them with `npx supabase test db` (the local stack must be running). Everything happens in one
-- transaction that is rolled back: the users made here disappear, the seed is not needed.
begin;
create extension if not exists pgtap with schema extensions;
select no_plan();

-- Two users; the on_auth_user_created trigger gives each a profile.
insert into auth.users (id, email, aud, role, raw_user_meta_data) values
  ('f0000000-0000-4000-8000-00000000000a', 'ada@test.example', 'authenticated', 'authenticated', '{"full_name":"Ada"}'),
  ('f0000000-0000-4000-8000-00000000000b', 'grace@test.example', 'authenticated', 'authenticated', '{"full_name":"Grace"}');
select results_eq($$select full_name from public.profiles where id = 'f0000000-0000-4000-8000-00000000000a'$$,
  $$values ('Ada')$$, 'a new user gets a profile');

-- anon: nothing is readable or writable.
set local role anon;
set local request.jwt.claims to '{"role":"anon"}';
select throws_ok('select * from public.profiles', '42501', null, 'anon cannot read profiles');
select throws_ok($$update public.profiles set full_name = 'x'$$, '42501', null, 'anon cannot update profiles');
select throws_ok($$delete from public.profiles$$, '42501', null, 'anon cannot delete profiles');
select throws_ok($$insert into public.profiles (id) values ('f0000000-0000-4000-8000-00000000000a')$$, '42501', null,
  'anon cannot insert a profile');
reset role;

-- Ada sees and changes her own profile only.
set local role authenticated;
set local request.jwt.claims to '{"sub":"f0000000-0000-4000-8000-00000000000a","role":"authenticated"}';
select results_eq('select id from public.profiles', $$values ('f0000000-0000-4000-8000-00000000000a'::uuid)$$,
  'a user sees only their own profile');
select lives_ok($$update public.profiles set username = 'ada_l' where id = 'f0000000-0000-4000-8000-00000000000a'$$,
  'a user edits their own profile');
select results_eq($$with changed as (update public.profiles set full_name = 'Mallory'
  where id = 'f0000000-0000-4000-8000-00000000000b' returning 1) select count(*)::int from changed$$,
  'values (0)', 'a user cannot update another profile');
select results_eq($$with gone as (delete from public.profiles
  where id = 'f0000000-0000-4000-8000-00000000000b' returning 1) select count(*)::int from gone$$,
  'values (0)', 'a user cannot delete another profile');
select throws_ok($$insert into public.profiles (id, full_name) values ('f0000000-0000-4000-8000-00000000000c', 'Mallory')$$,
  '42501', null, 'a user cannot create a profile for someone else');
reset role;
select results_eq($$select full_name from public.profiles where id = 'f0000000-0000-4000-8000-00000000000b'$$,
  $$values ('Grace')$$, 'the other profile is unchanged');

select * from finish();
rollback;
