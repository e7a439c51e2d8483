-- Removes Syncline's capture triggers from a PostgreSQL database.
-- Start the servers with -Dsyncline.capture.triggers=false first, or they install them again.
-- The sequence sl_journal_index stays: every journal row takes a value of it, with or without triggers.
--   psql -h HOST -U USER -d DB -f remove-capture-postgresql.sql
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT event_object_schema AS s, event_object_table AS n FROM information_schema.triggers
           WHERE trigger_name = 'syncline_capture' GROUP BY 1, 2 LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS syncline_capture ON %I.%I', t.s, t.n);
  END LOOP;
END
$$;
DROP FUNCTION IF EXISTS syncline_capture();
