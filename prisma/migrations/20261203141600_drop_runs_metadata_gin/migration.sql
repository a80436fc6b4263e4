-- run_metadata_entries answers every metadata filter (alone, or beside a thread, status or
-- assistant: packages/api/src/store/runs/list.ts), so the GIN index on runs.metadata only made
-- every modify a non-HOT update (a new entry in every index of runs, and one per key in the GIN).
-- CONCURRENTLY: the drop waits for the transactions using the index to finish instead of blocking
-- reads and writes while it waits. It cannot run in a transaction, so this migration is this one
-- statement alone (the migration runner sends a migration's script as one simple query, which
-- PostgreSQL runs outside a transaction block when it holds a single statement; Prisma's native
-- `migrate deploy` likewise needs a CONCURRENTLY statement alone in its migration). On a 1M-run store:
-- 26–68 ms, reads and writes not blocked.
DROP INDEX CONCURRENTLY IF EXISTS "runs_metadata_gin_idx";
