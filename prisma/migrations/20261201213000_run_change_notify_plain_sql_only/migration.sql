-- The runs_notify_insert and runs_notify_status triggers now announce only what is written by plain
-- SQL outside Runboard (psql, a worker or another tool writing straight to the table). Runboard's
-- own writes report what they changed to the run service's change sink, which announces it once,
-- after commit, with the same payload; each of their statements sets `runboard.announced` for its
-- transaction first (see ANNOUNCED_BY_SINK in packages/api/src/store/changes.ts), so the trigger
-- stays silent instead of announcing the change a second time, from inside the transaction.
-- Prisma does not model triggers, so the drift check ignores this migration.
CREATE OR REPLACE FUNCTION runboard_notify_run_change() RETURNS trigger AS $$
BEGIN
  IF current_setting('runboard.announced', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify(
    'runboard_run_changes',
    json_build_object(
      'run_id', NEW.id,
      'thread_id', NEW.thread_id,
      'status', NEW.status,
      'version', NEW.version,
      'op', lower(TG_OP)
    )::text
  );
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
