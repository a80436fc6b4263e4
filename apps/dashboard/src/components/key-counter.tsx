import { METADATA_MAX_KEYS } from "@runboard/contract";

export function KeyCounter({ count }: { count: number }) {
  const over = count > METADATA_MAX_KEYS;
  return (
    <span className={over ? "counter over" : "counter"} data-testid="key-counter" aria-live="polite">
      {count} / {METADATA_MAX_KEYS} keys
    </span>
  );
}
