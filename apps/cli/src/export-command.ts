import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { createRunService, notifyingChangeSink } from "@runboard/api";
import { RUN_STATUSES, type RunStatus } from "@runboard/contract";
import { openDatabase } from "./database.ts";
import { CliError, EXIT, UsageError } from "./errors.ts";
import type { CommandIo } from "./io.ts";
import { formatCount } from "./progress.ts";
import { EXPORT_USAGE } from "./usage.ts";

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  thread: { type: "string" },
  status: { type: "string", multiple: true },
  out: { type: "string", short: "o" },
  quiet: { type: "boolean", short: "q" },
} as const;

/** `--status failed --status expired` and `--status failed,expired` mean the same. */
function statusesOf(raw: string[] | undefined): RunStatus[] | undefined {
  if (!raw) return undefined;
  const statuses = raw.flatMap((s) => s.split(",")).map((s) => s.trim());
  for (const status of statuses) {
    if (!(RUN_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`unknown status '${status}'; use one of ${RUN_STATUSES.join(", ")}`, "export");
    }
  }
  return statuses as RunStatus[];
}

async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

/** A file is written under a temporary name and renamed at the end: never a half export under its name. */
function openOutput(out: string | undefined, io: CommandIo) {
  if (out === undefined) return { stream: io.stdout as Writable, commit: async () => {}, discard: async () => {} };
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  const stream = createWriteStream(temporary, { encoding: "utf8" });
  const closed = async () => {
    if (!stream.closed) await new Promise<void>((done) => stream.end(done));
  };
  return {
    stream: stream as Writable,
    commit: async () => {
      await closed();
      await rename(temporary, out);
    },
    discard: async () => {
      stream.destroy();
      await rm(temporary, { force: true });
    },
  };
}

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "EPIPE";
}

export async function runExport(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    io.stdout.write(EXPORT_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new UsageError(`export takes no file argument (got '${positionals.join(" ")}'); use --out <file>`, "export");
  }
  const status = statusesOf(values.status);
  const output = openOutput(values.out, io);
  // A stream fails by event, not by throwing (a missing folder when the file opens, EPIPE when a
  // reader such as `head` goes away): every write races against it.
  const streamFailed = new Promise<never>((_, fail) => output.stream.once("error", fail));
  streamFailed.catch(() => {});

  const db = await openDatabase(io.config(), (line) => io.stderr.write(`${line}\n`));
  const started = Date.now();
  let count = 0;
  let lastShown = 0;
  try {
    let chunk = "";
    const runs = createRunService({ prisma: db.prisma, changes: notifyingChangeSink(db.prisma) });
    for await (const run of runs.exportRuns({ thread_id: values.thread, status })) {
      if (io.signal.aborted) break;
      chunk += `${JSON.stringify(run)}\n`;
      count++;
      if (count % 1000 === 0) {
        await Promise.race([write(output.stream, chunk), streamFailed]);
        chunk = "";
        if (io.stderr.isTTY && !values.quiet && Date.now() - lastShown > 100) {
          io.stderr.write(`\r\x1b[Kexported ${formatCount(count)} runs…`);
          lastShown = Date.now();
        }
      }
    }
    if (chunk) await Promise.race([write(output.stream, chunk), streamFailed]);
    if (io.signal.aborted) await output.discard();
    else await output.commit();
  } catch (error) {
    await output.discard();
    // `runboard export | head` closing the pipe early is not a failure.
    if (isBrokenPipe(error)) return EXIT.ok;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
      throw new CliError(`cannot write ${values.out}: ${(error as Error).message}`);
    }
    throw error;
  } finally {
    if (lastShown > 0) io.stderr.write("\r\x1b[K");
    await db.close();
  }
  const target = values.out ?? "standard output";
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const interrupted = !io.signal.aborted ? "" : values.out ? " (interrupted; no file written)" : " (interrupted)";
  io.stderr.write(`runboard: exported ${formatCount(count)} runs to ${target} in ${seconds} s${interrupted}\n`);
  return io.signal.aborted ? EXIT.interrupted : EXIT.ok;
}
