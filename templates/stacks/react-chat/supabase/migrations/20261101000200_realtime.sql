-- Realtime: the React inbox subscribes to conversations and messages. Supabase creates the
-- supabase_realtime publication; create it here when it is missing (plain PostgreSQL, CI) so the
-- migration applies anywhere. Realtime delivers a change only to subscribers whose SELECT policy
-- allows the row.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;

alter publication supabase_realtime add table public.conversations, public.messages;
