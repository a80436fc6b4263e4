-- Live updates: every insert of a run and every change to its status or metadata is announced on
-- the `runboard_run_changes` channel, whichever process or tool made it (API, dashboard, import,
-- another app instance, psql). Each Runboard instance LISTENs and forwards the events to its
-- open pages. Prisma does not model triggers, so the drift check ignores this migration.
CREATE OR REPLACE FUNCTION runboard_notify_run_change() RETURNS trigger AS $$
BEGIN
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

CREATE TRIGGER runs_notify_insert
  AFTER INSERT ON "runs"
  FOR EACH ROW EXECUTE FUNCTION runboard_notify_run_change();

CREATE TRIGGER runs_notify_update
  AFTER UPDATE OF "metadata", "status" ON "runs"
  FOR EACH ROW
  WHEN (OLD."metadata" IS DISTINCT FROM NEW."metadata" OR OLD."status" IS DISTINCT FROM NEW."status")
  EXECUTE FUNCTION runboard_notify_run_change();
