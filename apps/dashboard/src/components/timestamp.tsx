"use client";

import { useEffect, useState } from "react";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

// Made once: every timestamp on a page formats with the same two (the browser's locale).
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
// dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out.
const ABSOLUTE = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZoneName: "short",
});

export function relativeTime(seconds: number, nowSeconds: number): string {
  const delta = seconds - nowSeconds;
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size || unit === "second") return RELATIVE.format(Math.round(delta / size), unit);
  }
  return "";
}

/**
 * The server does not know the operator's time zone, so it renders UTC and the browser replaces
 * it with local time plus a relative hint after hydration.
 */
export function Timestamp({ seconds, relative = true }: { seconds: number | null; relative?: boolean }) {
  const [local, setLocal] = useState<{ absolute: string; relative: string } | null>(null);
  useEffect(() => {
    if (seconds === null) return;
    const update = () =>
      setLocal({
        absolute: ABSOLUTE.format(new Date(seconds * 1000)),
        relative: relativeTime(seconds, Date.now() / 1000),
      });
    update();
    // Only the relative hint changes with time.
    if (!relative) return;
    const timer = setInterval(update, 30_000);
    return () => clearInterval(timer);
  }, [seconds, relative]);

  if (seconds === null) return <span className="muted">—</span>;
  const iso = new Date(seconds * 1000).toISOString();
  return (
    <time dateTime={iso} title={iso}>
      {local ? local.absolute : iso.replace("T", " ").replace(".000Z", " UTC")}
      {relative && local ? <span className="muted"> ({local.relative})</span> : null}
    </time>
  );
}
