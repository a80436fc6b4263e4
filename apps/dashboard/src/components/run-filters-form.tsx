"use client";

import { RUN_STATUSES } from "@runboard/contract";
import { type FormEvent, useEffect, useState } from "react";
import { parseMetaPair, type RunFilters } from "../lib/run-filters";
import { useMetadataSuggestions } from "./use-metadata-suggestions";

export function RunFiltersForm({ filters, onApply }: { filters: RunFilters; onApply: (next: RunFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const [pair, setPair] = useState("");
  const [pairError, setPairError] = useState<string | null>(null);
  const suggestions = useMetadataSuggestions(pair);
  // The URL is the source of truth: back/forward navigation resets the form to it.
  useEffect(() => setDraft(filters), [filters]);

  const toggleStatus = (status: (typeof RUN_STATUSES)[number]) => {
    const status_ = draft.status.includes(status)
      ? draft.status.filter((s) => s !== status)
      : [...draft.status, status];
    const next = { ...draft, status: RUN_STATUSES.filter((s) => status_.includes(s)) };
    setDraft(next);
    onApply(next);
  };

  const addPair = () => {
    if (!pair.trim()) return;
    if (!parseMetaPair(pair)) {
      setPairError("Write the filter as key=value");
      return;
    }
    setPairError(null);
    const next = { ...draft, meta: [...draft.meta.filter((m) => m !== pair), pair] };
    setDraft(next);
    setPair("");
    onApply(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pair.trim()) addPair();
    else onApply(draft);
  };

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter runs">
      <fieldset className="statuses">
        <legend>Status</legend>
        {RUN_STATUSES.map((status) => (
          <label key={status} className="check">
            <input type="checkbox" checked={draft.status.includes(status)} onChange={() => toggleStatus(status)} />
            {status}
          </label>
        ))}
      </fieldset>
      <div className="filter-fields">
        <label>
          Thread id
          <input
            value={draft.thread}
            onChange={(e) => setDraft({ ...draft, thread: e.target.value })}
            placeholder="thread_…"
            spellCheck={false}
          />
        </label>
        <label>
          Assistant id
          <input
            value={draft.assistant}
            onChange={(e) => setDraft({ ...draft, assistant: e.target.value })}
            placeholder="asst_…"
            spellCheck={false}
          />
        </label>
        <label>
          Metadata
          <input
            value={pair}
            onChange={(e) => setPair(e.target.value)}
            placeholder="key=value"
            spellCheck={false}
            autoComplete="off"
            list="meta-filter-suggestions"
            aria-invalid={pairError ? true : undefined}
            aria-describedby={pairError ? "meta-filter-error" : undefined}
          />
          <datalist id="meta-filter-suggestions" data-testid="meta-filter-suggestions">
            {suggestions.map((suggestion) => (
              <option key={suggestion} value={suggestion} />
            ))}
          </datalist>
        </label>
        <button type="submit">Apply</button>
      </div>
      {pairError ? (
        <p id="meta-filter-error" className="field-error">
          {pairError}
        </p>
      ) : null}
      {draft.meta.length > 0 ? (
        <ul className="chips" aria-label="Metadata filters">
          {draft.meta.map((m) => (
            <li key={m}>
              <span className="mono">{m}</span>
              <button
                type="button"
                aria-label={`Remove filter ${m}`}
                onClick={() => {
                  const next = { ...draft, meta: draft.meta.filter((x) => x !== m) };
                  setDraft(next);
                  onApply(next);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
