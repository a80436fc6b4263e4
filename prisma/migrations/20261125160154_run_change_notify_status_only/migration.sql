-- A NOTIFY inside a writing transaction takes a database-wide lock from commit until the commit
-- is flushed, so every notifying write commits one at a time: measured here, metadata modifies
-- fell from ~1,400/s to ~400/s with the row trigger on. Metadata only changes through Runboard,
-- which now announces those changes itself right after they commit (one short, WAL-free
-- statement per batch). The trigger stays for what other writers do: new runs and status changes.
DROP TRIGGER IF EXISTS runs_notify_update ON "runs";

CREATE TRIGGER runs_notify_status
  AFTER UPDATE OF "status" ON "runs"
  FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status")
  EXECUTE FUNCTION runboard_notify_run_change();
