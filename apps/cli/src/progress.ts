export interface ImportCounts {
  lines: number;
  imported: number;
  failed: number;
}

const number = new Intl.NumberFormat("en-US");
export const formatCount = (n: number): string => number.format(n);

/** Items per second, formatted: "8,234". */
export function perSecond(count: number, ms: number): string {
  return formatCount(Math.round(count / Math.max(ms / 1000, 0.001)));
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, "0")}s`;
}

export interface Progress {
  update(counts: ImportCounts, fraction: number | null): void;
  /** Prints a message line without tearing the bar. */
  message(line: string): void;
  done(): void;
}

/**
 * On a terminal: one bar redrawn in place (at most 10 times a second). Otherwise (CI logs,
 * files): a plain line every few seconds, which a log keeps readable.
 */
export function createProgress(stream: NodeJS.WriteStream, options: { quiet?: boolean } = {}): Progress {
  const started = Date.now();
  // A log gets its first line after one interval; a terminal shows the bar at once.
  let last = stream.isTTY ? 0 : started;
  let shown = false;
  const interactive = stream.isTTY === true && !options.quiet;
  const intervalMs = interactive ? 100 : 5_000;

  const describe = (c: ImportCounts) =>
    `${formatCount(c.lines)} lines read · ${formatCount(c.imported)} imported · ${formatCount(c.failed)} failed · ` +
    `${perSecond(c.imported + c.failed, Date.now() - started)} lines/s`;

  const bar = (c: ImportCounts, fraction: number | null) => {
    const text = describe(c);
    if (fraction === null) return text;
    const elapsed = (Date.now() - started) / 1000;
    const eta = fraction > 0.01 ? ` · ETA ${formatSeconds((elapsed / fraction) * (1 - fraction))}` : "";
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - text.length - eta.length - 8));
    const filled = Math.round(fraction * width);
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${percent} ${text}${eta}`;
  };

  return {
    update(counts, fraction) {
      const now = Date.now();
      if (options.quiet || now - last < intervalMs) return;
      last = now;
      if (interactive) {
        stream.write(`\r\x1b[K${bar(counts, fraction)}`);
        shown = true;
      } else {
        stream.write(`progress: ${describe(counts)}\n`);
      }
    },
    message(line) {
      if (shown) stream.write("\r\x1b[K");
      stream.write(`${line}\n`);
      if (interactive) last = 0; // redraw the bar right below the message
    },
    done() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}
