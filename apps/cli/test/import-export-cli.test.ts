import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRunService, notifyingChangeSink } from "@runboard/api";
import { generateRuns, toJsonl } from "@runboard/api/testing/run-fixtures";
import type { Run } from "@runboard/contract";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../server/test/server-process.ts";
import { runCli } from "./run-cli.ts";

let dir: string;
const stores: { db: TestDatabase; prisma: PrismaClient }[] = [];

async function store() {
  const db = await createTestDatabase(inject("templateDatabase"));
  const opened = { db, prisma: createPrismaClient(db.url) };
  stores.push(opened);
  return opened;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "runboard-cli-"));
});

afterAll(async () => {
  for (const s of stores) {
    await s.prisma.$disconnect();
    await s.db.drop();
  }
  await rm(dir, { recursive: true, force: true });
});

const line = (run: unknown) => JSON.stringify(run);

/** Byte-for-byte equality, reported as the first differing line rather than a 2 MB diff. */
function expectSameText(actual: string, expected: string) {
  const a = actual.split("\n");
  const e = expected.split("\n");
  const at = a.findIndex((l, i) => l !== e[i]);
  expect({
    lines: a.length,
    firstDifference: at === -1 ? null : { line: at + 1, actual: a[at], expected: e[at] },
  }).toEqual({
    lines: e.length,
    firstDifference: null,
  });
  expect(actual === expected).toBe(true);
}

describe("runboard import", () => {
  it("imports the good lines and names each bad line with its number and reason", async () => {
    const { db, prisma } = await store();
    const [a, b, c, d, e, f] = generateRuns(6, { seed: 3, prefix: "run_mixed" }) as [Run, Run, Run, Run, Run, Run];
    // c is already stored under another thread: the file must not move it there.
    await createRunService({ prisma, changes: notifyingChangeSink(prisma) }).importRuns([
      { ...c, thread_id: "thread_original" },
    ]);
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
    const file = join(dir, "mixed.jsonl");
    await writeFile(
      file,
      [
        line(a), // 1
        "", // 2: blank, skipped
        '{"id": "run_broken",', // 3
        line({ ...d, metadata: seventeen }), // 4
        line(b), // 5
        line({ ...e, usage: { total_tokens: 3 } }), // 6
        line(c), // 7
        line({ ...f, metadata: { note: "x".repeat(513) } }), // 8
        "[]", // 9
        `${line(f)}\r`, // 10: CRLF line ending
        "   ", // 11: blank
      ].join("\n"),
    );

    const result = await runCli(["import", file], { DATABASE_URL: db.url });
    expect(result.code).toBe(1);
    const errors = result.stderr.split("\n").filter((l) => l.startsWith("line "));
    expect(errors).toEqual([
      expect.stringMatching(/^line 3: not valid JSON \(/),
      "line 4: metadata.k16: metadata can have at most 16 keys; 'k16' would be key 17",
      "line 6: unknown field 'usage'",
      `line 7: run ${c.id} already exists in thread thread_original, not in ${c.thread_id}; a run cannot move to another thread`,
      "line 8: metadata.note: metadata value is 513 characters long; at most 512 are allowed",
      "line 9: Invalid input: expected object, received array",
    ]);
    expect(result.stdout).toMatch(
      /^runboard: imported 3 runs from .*mixed\.jsonl \(3 new, 0 updated, 0 unchanged\) in [\d.]+ s \([\d,]+ runs\/s\); 6 lines failed\n$/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const stored = await prisma.run.findMany({ orderBy: { id: "asc" }, select: { id: true, threadId: true } });
    expect(stored).toEqual(
      [
        { id: a.id, threadId: a.thread_id },
        { id: b.id, threadId: b.thread_id },
        { id: c.id, threadId: "thread_original" },
        { id: f.id, threadId: f.thread_id },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );

    // With --ignore-unknown-fields the line with OpenAI's extra field goes in, minus that field.
    const lenient = await runCli(["import", "--ignore-unknown-fields", "--quiet", file], { DATABASE_URL: db.url });
    expect(lenient.code).toBe(1);
    expect(lenient.stderr).not.toContain("line 6:");
    expect(lenient.stdout).toContain("imported 4 runs");
    expect(lenient.stdout).toContain("(1 new, 0 updated, 3 unchanged)");
  });

  it("round-trips 3,000 runs through export and import byte for byte, and re-imports idempotently", async () => {
    const source = await store();
    const target = await store();
    const file = join(dir, "generated.jsonl");
    await writeFile(file, toJsonl(generateRuns(3000, { seed: 11 })));
    const imported = await runCli(["import", file], { DATABASE_URL: source.db.url });
    expect(imported.stderr).not.toContain("line ");
    expect(imported.stdout).toContain("imported 3,000 runs");
    expect(imported.code).toBe(0);

    const exportedFile = join(dir, "exported.jsonl");
    const exported = await runCli(["export", "--out", exportedFile], { DATABASE_URL: source.db.url });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain("exported 3,000 runs");
    const first = await readFile(exportedFile, "utf8");

    expect((await runCli(["import", exportedFile], { DATABASE_URL: target.db.url })).code).toBe(0);
    const again = await runCli(["export"], { DATABASE_URL: target.db.url });
    expect(again.code).toBe(0);
    expectSameText(again.stdout, first);

    const versions = () => target.prisma.$queryRaw`SELECT id, version, updated_at FROM runs ORDER BY id`;
    const before = await versions();
    const reimport = await runCli(["import", exportedFile], { DATABASE_URL: target.db.url });
    expect(reimport.code).toBe(0);
    expect(reimport.stdout).toContain("(0 new, 0 updated, 3,000 unchanged)");
    expect(await versions()).toEqual(before);
    expect(await target.prisma.run.count()).toBe(3000);

    // Filters: one thread, two statuses.
    const runs = first
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Run);
    const thread = runs[0]?.thread_id as string;
    const byThread = await runCli(["export", "--thread", thread], { DATABASE_URL: target.db.url });
    expectSameText(byThread.stdout, toJsonl(runs.filter((r) => r.thread_id === thread)));
    const byStatus = await runCli(["export", "--status", "failed", "--status", "queued,expired"], {
      DATABASE_URL: target.db.url,
    });
    expectSameText(byStatus.stdout, toJsonl(runs.filter((r) => ["failed", "queued", "expired"].includes(r.status))));
  });

  it("reads standard input with -", async () => {
    const { db, prisma } = await store();
    const runs = generateRuns(5, { seed: 5, prefix: "run_stdin" });
    const result = await runCli(["import", "-"], { DATABASE_URL: db.url }, toJsonl(runs));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("imported 5 runs from standard input");
    expect(await prisma.run.count()).toBe(5);
  });
});

describe("runboard errors", () => {
  it("says what is wrong, without a stack trace", async () => {
    const { db } = await store();
    const missing = await runCli(["import", join(dir, "nope.jsonl")], { DATABASE_URL: db.url });
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toBe(`runboard: cannot import ${join(dir, "nope.jsonl")}: no such file\n`);

    const port = await freePort();
    const file = join(dir, "one.jsonl");
    await writeFile(file, toJsonl(generateRuns(1, { seed: 9 })));
    const unreachable = await runCli(["import", file], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/x` });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toBe(
      `runboard: cannot reach the database at postgresql://postgres@127.0.0.1:${port}/x: Can't reach database server at 127.0.0.1:${port}\n`,
    );

    const empty = await createEmptyDatabase();
    try {
      const unmigrated = await runCli(["export"], { DATABASE_URL: empty.url });
      expect(unmigrated.code).toBe(1);
      expect(unmigrated.stderr).toMatch(/does not have Runboard's tables yet .*pnpm db:migrate/);
    } finally {
      await empty.drop();
    }

    const badOut = await runCli(["export", "--out", join(dir, "no/such/folder/x.jsonl")], { DATABASE_URL: db.url });
    expect(badOut.code).toBe(1);
    expect(badOut.stderr).toMatch(/^runboard: cannot write .*x\.jsonl: ENOENT/);

    const usage = await runCli(["import", "a.jsonl", "b.jsonl"], { DATABASE_URL: db.url });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe(
      "runboard: import reads one file; unexpected 'b.jsonl'\nrunboard: see `runboard import --help`\n",
    );
  });

  it("prints help for the tool and for each command", async () => {
    const main = await runCli(["--help"], {});
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/^Usage: runboard <command> \[options\]/);
    expect(main.stdout).toContain("import <file.jsonl>");
    const importHelp = await runCli(["import", "--help"], {});
    expect(importHelp.stdout).toMatch(/^Usage: runboard import <file.jsonl> \[options\]/);
    const exportHelp = await runCli(["export", "-h"], {});
    expect(exportHelp.stdout).toMatch(/^Usage: runboard export \[options\]/);
    const none = await runCli([], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: runboard/);
  });
});
