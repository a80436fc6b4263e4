import { open, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { createRunService, notifyingChangeSink, type RunService } from "@runboard/api";
import { openDatabase } from "./database.ts";
import { CliError, EXIT, UsageError } from "./errors.ts";
import { type LineBatch, type LineError, readBatches } from "./import-lines.ts";
import type { CommandIo } from "./io.ts";
import { createProgress, formatCount, type Progress, perSecond } from "./progress.ts";
import { IMPORT_USAGE } from "./usage.ts";

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  "batch-size": { type: "string" },
  "ignore-unknown-fields": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
} as const;

interface Totals {
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Lines whose run appears again later in the same batch: the later line is what is stored. */
  superseded: number;
  failed: number;
}
const imported = (t: Totals) => t.inserted + t.updated + t.unchanged + t.superseded;

function batchSizeOf(raw: string | undefined): number {
  if (raw === undefined) return 1000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new UsageError(`--batch-size must be a whole number from 1 to 10000, got '${raw}'`, "import");
  }
  return value;
}

/** The file as a stream plus its size (for the bar), failing early with a message a person can act on. */
async function openInput(path: string, io: CommandIo): Promise<{ stream: Readable; size: number | null }> {
  if (path === "-") return { stream: io.stdin, size: null };
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CliError(`cannot import ${path}: it is a directory, not a JSONL file`);
    const handle = await open(path, "r");
    return { stream: handle.createReadStream({ encoding: "utf8" }), size: info.size };
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError(`cannot import ${path}: no such file`);
    if (code === "EACCES") throw new CliError(`cannot import ${path}: permission denied`);
    throw new CliError(`cannot import ${path}: ${(error as Error).message}`);
  }
}

async function importBatch(runs: RunService, batch: LineBatch, totals: Totals, progress: Progress) {
  // An operator tool on the database itself: its changes are recorded as the system's, through the CLI.
  const result = await runs.importRuns(batch.runs, { actor: { type: "system", id: null, label: "cli" } });
  totals.inserted += result.inserted;
  totals.updated += result.updated;
  totals.unchanged += result.unchanged;
  totals.superseded += result.superseded;
  const errors: LineError[] = [
    ...batch.errors,
    ...result.rejected.map((r) => ({ line: batch.lineOf[r.index] ?? 0, reason: r.reason })),
  ].sort((a, b) => a.line - b.line);
  totals.failed += errors.length;
  for (const error of errors) progress.message(`line ${error.line}: ${error.reason}`);
}

export async function runImport(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    io.stdout.write(IMPORT_USAGE);
    return EXIT.ok;
  }
  const [path, ...extra] = positionals;
  if (path === undefined) throw new UsageError("import needs the JSONL file to read", "import");
  if (extra.length > 0) throw new UsageError(`import reads one file; unexpected '${extra.join(" ")}'`, "import");
  const batchSize = batchSizeOf(values["batch-size"]);

  const input = await openInput(path, io);
  const db = await openDatabase(io.config(), (line) => io.stderr.write(`${line}\n`));
  // Open pages of running servers hear what the import changes.
  const runs = createRunService({ prisma: db.prisma, changes: notifyingChangeSink(db.prisma) });
  const progress = createProgress(io.stderr, { quiet: values.quiet });
  const totals: Totals = { lines: 0, inserted: 0, updated: 0, unchanged: 0, superseded: 0, failed: 0 };
  const started = Date.now();
  let inFlight: Promise<void> | undefined;
  try {
    for await (const batch of readBatches(input.stream, {
      batchSize,
      ignoreUnknownFields: values["ignore-unknown-fields"],
      signal: io.signal,
    })) {
      // One batch in the database while the next one is read and validated.
      await inFlight;
      totals.lines = batch.linesRead;
      inFlight = importBatch(runs, batch, totals, progress).then(() =>
        progress.update(
          { lines: totals.lines, imported: imported(totals), failed: totals.failed },
          input.size ? Math.min(1, batch.bytesRead / input.size) : null,
        ),
      );
      // Handled here so a failure waiting for the next loop turn is not an "unhandled rejection".
      inFlight.catch(() => {});
    }
    await inFlight;
  } finally {
    // If reading failed, the batch in the database still finishes before the connection closes.
    await inFlight?.catch(() => {});
    progress.done();
    await db.close();
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const source = path === "-" ? "standard input" : path;
  io.stdout.write(
    `runboard: imported ${formatCount(imported(totals))} runs from ${source} ` +
      `(${formatCount(totals.inserted)} new, ${formatCount(totals.updated)} updated, ${formatCount(totals.unchanged)} unchanged` +
      `${totals.superseded > 0 ? `, ${formatCount(totals.superseded)} superseded by a later line` : ""}) ` +
      `in ${seconds} s (${perSecond(imported(totals), Date.now() - started)} runs/s); ` +
      `${formatCount(totals.failed)} ${totals.failed === 1 ? "line" : "lines"} failed` +
      `${io.signal.aborted ? `; interrupted after line ${totals.lines}` : ""}\n`,
  );
  if (io.signal.aborted) return EXIT.interrupted;
  return totals.failed > 0 ? EXIT.failed : EXIT.ok;
}
