-- CreateTable
CREATE TABLE "run_metadata_entries" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "run_id" TEXT NOT NULL,

    CONSTRAINT "run_metadata_entries_pkey" PRIMARY KEY ("key","value","created_at","run_id")
);

-- Kept in step with runs.metadata by statement-level triggers over the transition tables, so
-- every writer (Modify Run, import, the seed, bulk loads) maintains it, set-wise: a bulk INSERT
-- of thousands of runs is one INSERT … SELECT here, a modify touches only the pairs it changed.
-- Only pairs within the contract's limits (keys ≤ 64, values ≤ 512 characters) are kept: a longer
-- value written with plain SQL would not fit a btree entry (2,704 bytes) and must not make the
-- write fail. Lists only walk this table for filters within those limits.
CREATE FUNCTION runboard_metadata_entries_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO run_metadata_entries (key, value, created_at, run_id)
  SELECT e.key, e.value, n.created_at, n.id
  FROM new_runs n CROSS JOIN LATERAL jsonb_each_text(n.metadata) e
  WHERE e.value IS NOT NULL AND length(e.key) <= 64 AND length(e.value) <= 512
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION runboard_metadata_entries_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM run_metadata_entries m
  USING (
    SELECT o.id, o.created_at, e.key, e.value
    FROM old_runs o CROSS JOIN LATERAL jsonb_each_text(o.metadata) e
    EXCEPT
    SELECT n.id, n.created_at, e.key, e.value
    FROM new_runs n CROSS JOIN LATERAL jsonb_each_text(n.metadata) e
  ) gone
  WHERE m.key = gone.key AND m.value = gone.value AND m.created_at = gone.created_at AND m.run_id = gone.id;

  INSERT INTO run_metadata_entries (key, value, created_at, run_id)
  SELECT key, value, created_at, id FROM (
    SELECT n.id, n.created_at, e.key, e.value
    FROM new_runs n CROSS JOIN LATERAL jsonb_each_text(n.metadata) e
    WHERE e.value IS NOT NULL AND length(e.key) <= 64 AND length(e.value) <= 512
    EXCEPT
    SELECT o.id, o.created_at, e.key, e.value
    FROM old_runs o CROSS JOIN LATERAL jsonb_each_text(o.metadata) e
  ) added
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION runboard_metadata_entries_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM run_metadata_entries m
  USING (
    SELECT o.id, o.created_at, e.key, e.value
    FROM old_runs o CROSS JOIN LATERAL jsonb_each_text(o.metadata) e
  ) gone
  WHERE m.key = gone.key AND m.value = gone.value AND m.created_at = gone.created_at AND m.run_id = gone.id;
  RETURN NULL;
END $$;

CREATE FUNCTION runboard_metadata_entries_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE run_metadata_entries;
  RETURN NULL;
END $$;

CREATE TRIGGER runs_metadata_entries_insert
  AFTER INSERT ON "runs" REFERENCING NEW TABLE AS new_runs
  FOR EACH STATEMENT EXECUTE FUNCTION runboard_metadata_entries_insert();

CREATE TRIGGER runs_metadata_entries_update
  AFTER UPDATE ON "runs" REFERENCING OLD TABLE AS old_runs NEW TABLE AS new_runs
  FOR EACH STATEMENT EXECUTE FUNCTION runboard_metadata_entries_update();

CREATE TRIGGER runs_metadata_entries_delete
  AFTER DELETE ON "runs" REFERENCING OLD TABLE AS old_runs
  FOR EACH STATEMENT EXECUTE FUNCTION runboard_metadata_entries_delete();

CREATE TRIGGER runs_metadata_entries_truncate
  AFTER TRUNCATE ON "runs"
  FOR EACH STATEMENT EXECUTE FUNCTION runboard_metadata_entries_truncate();

-- The runs already stored.
INSERT INTO run_metadata_entries (key, value, created_at, run_id)
SELECT e.key, e.value, r.created_at, r.id
FROM runs r CROSS JOIN LATERAL jsonb_each_text(r.metadata) e
WHERE e.value IS NOT NULL AND length(e.key) <= 64 AND length(e.value) <= 512;
