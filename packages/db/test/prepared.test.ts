import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, Prisma, type PrismaClient, prepared, sqlRunnerFor } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing.ts";

// Statements marked prepared() go to PostgreSQL as named prepared statements: parsed and planned
// once per connection. A name is never reused for another text (the runner adds the text's hash).

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url, { maxConnections: 1 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("prepared statements", () => {
  it("prepares a marked statement once per connection and keeps texts that share a name apart", async () => {
    const sql = sqlRunnerFor(prisma);
    const plus = (n: number) => prepared("runboard_test", Prisma.sql`SELECT ${n}::int + 1 AS n`);
    const times = (n: number) => prepared("runboard_test", Prisma.sql`SELECT ${n}::int * 3 AS n`);
    expect(await sql(plus(1))).toEqual([{ n: 2 }]);
    expect(await sql(plus(2))).toEqual([{ n: 3 }]);
    expect(await sql(times(2))).toEqual([{ n: 6 }]);
    expect(await sql(Prisma.sql`SELECT ${5}::int AS n`)).toEqual([{ n: 5 }]);
    // One pooled connection: it holds the two named statements and nothing for the unmarked one.
    const held = await sql<{ name: string; statement: string }>(
      Prisma.sql`SELECT name, statement FROM pg_prepared_statements ORDER BY statement`,
    );
    expect(held.map((row) => row.statement)).toEqual(["SELECT $1::int * 3 AS n", "SELECT $1::int + 1 AS n"]);
    expect(held.every((row) => row.name.startsWith("runboard_test_"))).toBe(true);
    expect(new Set(held.map((row) => row.name)).size).toBe(2);
  });
});
