import pg from "pg";
import { processCpuMs } from "./cpu.ts";

// What a cell costs PostgreSQL: the CPU time of the bench database's backends (from /proc, as for
// the servers) and the WAL written for that database. The PostgreSQL server may be shared with
// other work (other databases, other checkouts' tests), so both are counted for the bench
// database only: its backends by pid (pg_stat_activity), its WAL record by record
// (pg_walinspect: a record counts when it touches a block of this database or belongs to a
// transaction that does, such as its commit record). What the server's shared processes do for
// everyone (WAL writer, checkpointer, background writer) is not included.

export interface DatabaseCost {
  /** CPU (user + system) of the bench database's backends during the cell, in ms. */
  cpuMs: number | null;
  /** WAL bytes written for the bench database during the cell (null where pg_walinspect is missing). */
  walBytes: number | null;
  /**
   * Of those, the full-page images: the first change of a page after a checkpoint logs the whole
   * page, so this part depends on when the last checkpoint was, not only on the statements.
   */
  walFpiBytes: number | null;
}

interface Mark {
  cpu: Map<number, number>;
  lsn: string;
}

export interface DatabaseMeter {
  start(): Promise<Mark>;
  stop(mark: Mark): Promise<DatabaseCost>;
  close(): Promise<void>;
}

/** A meter on its own connection to the bench database (its own backend is left out). */
export async function openDatabaseMeter(url: string): Promise<DatabaseMeter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const walinspect = await client
    .query("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
    .then(() => true)
    .catch(() => false);
  // A temporary physical replication slot keeps the cell's WAL on disk until it has been read: a
  // busy shared server may otherwise recycle the segments within seconds. Temporary: it goes with
  // this session, so a crashed bench cannot leave WAL piling up.
  const slot = `rb_bench_meter_${process.pid}`;
  const { rows } = await client.query<{ oid: number }>(
    "SELECT oid FROM pg_database WHERE datname = current_database()",
  );
  // A block reference names its relation as tablespace/database/relfilenode.
  const blockPattern = `rel [0-9]+/${rows[0]?.oid}/`;

  async function backendCpu(): Promise<Map<number, number>> {
    const { rows: backends } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    const cpu = new Map<number, number>();
    for (const { pid } of backends) {
      const ms = processCpuMs(pid);
      if (ms !== null) cpu.set(pid, ms);
    }
    return cpu;
  }

  return {
    async start() {
      if (walinspect) {
        await client.query(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1",
          [slot],
        );
        await client.query("SELECT pg_create_physical_replication_slot($1, true, true)", [slot]).catch(() => undefined);
      }
      const cpu = await backendCpu();
      const { rows: lsn } = await client.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
      return { cpu, lsn: lsn[0]?.lsn as string };
    },
    async stop(mark) {
      const after = await backendCpu();
      let cpuMs = 0;
      // A backend that started during the cell counts whole; one that ended during it is lost
      // (the servers' pools keep their connections, so that does not happen in a cell).
      for (const [pid, ms] of after) cpuMs += ms - (mark.cpu.get(pid) ?? 0);
      let walBytes: number | null = null;
      let walFpiBytes: number | null = null;
      if (walinspect) {
        try {
          // Everything written since the mark and already flushed (pg_walinspect reads no further).
          const { rows: end } = await client.query<{ lsn: string; written: boolean }>(
            "SELECT pg_current_wal_flush_lsn()::text AS lsn, pg_current_wal_flush_lsn() > $1::pg_lsn AS written",
            [mark.lsn],
          );
          walBytes = 0;
          walFpiBytes = 0;
          if (end[0]?.written) {
            const { rows: wal } = await client.query<{ bytes: string | null; fpi: string | null }>(
              `WITH r AS (
                 SELECT xid, record_length, fpi_length, block_ref FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)
               ),
               ours AS (SELECT DISTINCT xid::text AS xid FROM r WHERE xid::text <> '0' AND block_ref ~ $3)
               SELECT sum(record_length)::text AS bytes, sum(fpi_length)::text AS fpi FROM r
               WHERE block_ref ~ $3 OR (xid::text <> '0' AND xid::text IN (SELECT xid FROM ours))`,
              [mark.lsn, end[0].lsn, blockPattern],
            );
            walBytes = Number(wal[0]?.bytes ?? 0);
            walFpiBytes = Number(wal[0]?.fpi ?? 0);
          }
          await client.query("SELECT pg_drop_replication_slot($1)", [slot]);
        } catch (error) {
          console.warn(`bench: could not read the cell's WAL (${(error as Error).message}); WAL left out`);
          walBytes = null;
          walFpiBytes = null;
          await client
            .query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1", [slot])
            .catch(() => undefined);
        }
      }
      return { cpuMs: after.size > 0 ? cpuMs : null, walBytes, walFpiBytes };
    },
    close: () => client.end(),
  };
}
