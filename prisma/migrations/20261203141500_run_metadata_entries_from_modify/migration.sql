-- Modify Run keeps run_metadata_entries itself, from its patch, in its own statement: it deletes
-- the pairs the patch changes or removes and inserts the pairs it sets (see
-- packages/api/src/store/runs/modify.ts). The statement-level update trigger rewrote every pair of
-- every updated run from the transition tables, in two more statements, on every update of runs
-- (status-only updates included): about a tenth of a modify's database CPU.
--
-- Every other writer (plain SQL outside Runboard, imports, bulk loads) is still kept in step by a
-- trigger. Updates now use a row-level trigger that fires only when a row's metadata (or its id or
-- created_at, which the entries carry) really changes, and does the same diff for that row alone.
-- Runboard's modify marks the rows it maintains itself with the transaction-local setting
-- `runboard.entries` = 'on' while its statement runs, and turns it off again in the same statement;
-- the trigger's WHEN skips those rows, so no event is even queued for them. Inserts, deletes and
-- truncates keep their statement-level triggers (a bulk INSERT is one set-wise INSERT here).
--
-- Only pairs within the contract's limits (keys ≤ 64, values ≤ 512 characters) are kept, as before.
-- Prisma does not model triggers, so the drift check ignores this migration.
--
-- Locks: DROP TRIGGER takes an ACCESS EXCLUSIVE lock on runs until this migration commits, so
-- reads and writes of runs wait for it (it waits itself for transactions already using runs).
-- Nothing is read or rewritten: on a 1M-run store it took 46–68 ms, and the longest get, list
-- or write seen while it ran waited 75–122 ms (`pnpm bench migrations`, docs/bench/findings.md). ALTER TABLE … SET (fillfactor)
-- rewrites nothing either: it applies to pages written from now on (see the note below).
DROP TRIGGER IF EXISTS runs_metadata_entries_update ON "runs";
DROP FUNCTION IF EXISTS runboard_metadata_entries_update();

CREATE FUNCTION runboard_metadata_entries_update_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- Same run at the same place in the lists: only the pairs that differ are touched.
  same_place boolean := OLD.id = NEW.id AND OLD.created_at = NEW.created_at;
BEGIN
  DELETE FROM run_metadata_entries m
  USING (
    SELECT o.key, o.value FROM jsonb_each_text(OLD.metadata) o
    EXCEPT
    SELECT n.key, n.value FROM jsonb_each_text(NEW.metadata) n WHERE same_place
  ) gone
  WHERE m.key = gone.key AND m.value = gone.value AND m.created_at = OLD.created_at AND m.run_id = OLD.id;

  INSERT INTO run_metadata_entries (key, value, created_at, run_id)
  SELECT added.key, added.value, NEW.created_at, NEW.id FROM (
    SELECT n.key, n.value FROM jsonb_each_text(NEW.metadata) n
    WHERE n.value IS NOT NULL AND length(n.key) <= 64 AND length(n.value) <= 512
    EXCEPT
    SELECT o.key, o.value FROM jsonb_each_text(OLD.metadata) o WHERE same_place
  ) added;
  RETURN NULL;
END $$;

CREATE TRIGGER runs_metadata_entries_update
  AFTER UPDATE OF "metadata", "id", "created_at" ON "runs"
  FOR EACH ROW
  WHEN (
    (OLD."metadata" IS DISTINCT FROM NEW."metadata" OR OLD."id" IS DISTINCT FROM NEW."id"
      OR OLD."created_at" IS DISTINCT FROM NEW."created_at")
    AND current_setting('runboard.entries', true) IS DISTINCT FROM 'on'
  )
  EXECUTE FUNCTION runboard_metadata_entries_update_row();

-- Room on each page for the next version of its rows: with no index on metadata, version or
-- updated_at (the GIN index goes in the next migration), a modify is then a HOT update — no new
-- entry in any index of runs. Rows written before this keep their pages as they are until they
-- are updated (each such page gains room as VACUUM frees its old row versions); `VACUUM FULL runs`
-- or pg_repack would repack them all at once, at the cost of an exclusive lock for the rewrite.
ALTER TABLE "runs" SET (fillfactor = 80);
