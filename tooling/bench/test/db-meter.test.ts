import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DatabaseMeter, openDatabaseMeter } from "../src/db-meter.ts";

// The bench's database meter counts the bench database's own backends and WAL only: on a shared
// PostgreSQL server, what other databases write must not enter a cell's figures.

let measured: TestDatabase;
let other: TestDatabase;
let meter: DatabaseMeter;
const clients: pg.Client[] = [];

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  measured = await createTestDatabase(inject("templateDatabase"));
  other = await createTestDatabase(inject("templateDatabase"));
  meter = await openDatabaseMeter(measured.url);
  for (const db of [measured, other]) {
    const client = await connect(db.url);
    await client.query("CREATE TABLE meter_test (id int, body text)");
  }
});

afterAll(async () => {
  await meter?.close();
  for (const client of clients) await client.end();
  await measured?.drop();
  await other?.drop();
});

const write = (client: pg.Client) =>
  client.query("INSERT INTO meter_test SELECT i, repeat('x', 200) FROM generate_series(1, 5000) i");

describe("the bench's database meter", () => {
  it("counts the WAL of the measured database and not another database's", async () => {
    const here = clients[0] as pg.Client;
    const elsewhere = clients[1] as pg.Client;

    let mark = await meter.start();
    await write(elsewhere);
    const quiet = await meter.stop(mark);

    mark = await meter.start();
    await write(here);
    const busy = await meter.stop(mark);

    // 5,000 rows of ~230 bytes: over a megabyte of WAL when they are ours, next to nothing when not.
    expect(busy.walBytes).toBeGreaterThan(1_000_000);
    expect(quiet.walBytes).toBeLessThan(10_000);
    expect(busy.cpuMs).not.toBeNull();
  });
});
