import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { type ImportedRun, parseImportedRun } from "@runboard/api";
import type { ValidationDetail } from "@runboard/contract";

export interface LineError {
  line: number;
  reason: string;
}

export interface LineBatch {
  runs: ImportedRun[];
  /** The line number of each run, for naming the ones the database rejects. */
  lineOf: number[];
  /** Lines of this batch's range that could not be parsed or validated. */
  errors: LineError[];
  /** Lines read so far in the whole file, blank ones included. */
  linesRead: number;
  /** Bytes of the input those lines took (what a progress bar measures against the file size). */
  bytesRead: number;
}

export interface ParseOptions {
  ignoreUnknownFields?: boolean;
}

/**
 * "metadata.k17: <why>; missing created_at, status": absent fields are named together rather than
 * as one "expected string, received undefined" each.
 */
function formatDetail(detail: ValidationDetail[], value: unknown): string {
  const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  const isMissing = (d: ValidationDetail) =>
    record !== undefined &&
    d.loc.length === 1 &&
    d.type !== "unrecognized_keys" &&
    !Object.hasOwn(record, d.loc[0] as string);
  const clauses = detail
    .filter((d) => !isMissing(d))
    .map((d) => (d.loc.length === 0 || d.type === "unrecognized_keys" ? d.msg : `${d.loc.join(".")}: ${d.msg}`));
  const missing = detail.filter(isMissing).map((d) => String(d.loc[0]));
  if (missing.length > 0) clauses.push(`missing ${missing.join(", ")}`);
  return clauses.join("; ");
}

/** One line of the file: a Run, or the reason it is not one. */
export function parseLine(text: string, options: ParseOptions): { run: ImportedRun } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = parseImportedRun(value, options);
  return parsed.ok ? { run: parsed.run } : { reason: formatDetail(parsed.detail, value) };
}

/**
 * Reads the JSONL stream a line at a time and hands out batches of up to `batchSize` valid runs,
 * so memory holds one batch however long the file is. Blank lines are skipped; a UTF-8 byte order
 * mark at the start is ignored.
 */
export async function* readBatches(
  input: Readable,
  options: ParseOptions & { batchSize: number; signal?: AbortSignal },
): AsyncGenerator<LineBatch> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const empty = (): LineBatch => ({ runs: [], lineOf: [], errors: [], linesRead: 0, bytesRead: 0 });
  let lineNumber = 0;
  let bytesRead = 0;
  let batch = empty();
  for await (let text of lines) {
    lineNumber++;
    bytesRead += Buffer.byteLength(text) + 1;
    if (lineNumber === 1 && text.startsWith("\uFEFF")) text = text.slice(1);
    if (text.trim() !== "") {
      const result = parseLine(text, options);
      if ("run" in result) {
        batch.runs.push(result.run);
        batch.lineOf.push(lineNumber);
      } else {
        batch.errors.push({ line: lineNumber, reason: result.reason });
      }
    }
    if (batch.runs.length + batch.errors.length >= options.batchSize || options.signal?.aborted) {
      yield { ...batch, linesRead: lineNumber, bytesRead };
      batch = empty();
      if (options.signal?.aborted) break;
    }
  }
  batch = { ...batch, linesRead: lineNumber, bytesRead };
  if (batch.runs.length > 0 || batch.errors.length > 0) yield batch;
}
