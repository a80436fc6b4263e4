"use client";

import { compareEdits, type MetadataRows, type Run } from "@runboard/contract";
import { trpc } from "../trpc/react";
import { actorName, surfaceName } from "./revision-labels";
import { Timestamp } from "./timestamp";
import type { Base } from "./use-metadata-save";

function Value({ value, absent }: { value: string | null; absent: string }) {
  return value === null ? <span className="muted">{absent}</span> : <span className="mono value">{value}</span>;
}

/** Who changed the run since the operator loaded it, and when: the newest revision after their version. */
function ChangedBy({ run, since }: { run: Run; since: number }) {
  const history = trpc.run.history.useQuery({ thread_id: run.thread_id, run_id: run.id, limit: 20 });
  const newer = (history.data?.data ?? []).filter((revision) => revision.version > since);
  const latest = newer[0];
  if (!latest) return <p className="muted">Someone changed this run after you opened it.</p>;
  const others = newer.length > 1 ? ` (and ${newer.length - 1} earlier change(s) since you opened it)` : "";
  return (
    <p data-testid="conflict-author">
      Changed by <strong>{actorName(latest.actor)}</strong> {surfaceName(latest.surface)},{" "}
      <Timestamp seconds={latest.created_at} />
      {others}.
    </p>
  );
}

/**
 * Shown when a save was refused because the run changed meanwhile: who changed it and when, and
 * per key their current value beside the operator's typed one. Nothing the operator typed is
 * lost; they choose to reload the run (dropping their edits) or to re-apply their edits on top.
 */
export function MetadataConflict({
  base,
  theirs,
  rows,
  busy,
  onReload,
  onReapply,
}: {
  base: Base;
  theirs: Run;
  rows: MetadataRows["rows"];
  busy: boolean;
  onReload: () => void;
  onReapply: () => void;
}) {
  const keys = compareEdits(base.metadata, rows, theirs.metadata);
  return (
    <section className="conflict" role="alert" aria-labelledby="conflict-heading" data-testid="metadata-conflict">
      <h3 id="conflict-heading">This run changed while you were editing</h3>
      <ChangedBy run={theirs} since={base.version} />
      <p className="muted">
        You edited version {base.version}; it is now at version {theirs.version}. Nothing of yours was saved yet, and
        your edits are still in the form below.
      </p>
      <div className="table-scroll">
        <table className="compare">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Their value now</th>
              <th scope="col">Your value</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.key} data-key={k.key} className={k.clash ? "clash" : undefined}>
                <th scope="row" className="mono">
                  {k.key}
                  {k.clash ? <span className="badge badge-failed">both changed</span> : null}
                </th>
                <td data-testid="theirs">
                  <Value value={k.theirs} absent={k.base === null ? "(not set)" : "(removed)"} />
                </td>
                <td data-testid="mine">
                  <Value value={k.mine} absent={k.base === null ? "(not set)" : "(removed)"} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="editor-actions">
        <button type="button" className="primary" onClick={onReapply} disabled={busy}>
          Re-apply my changes on top
        </button>
        <button type="button" onClick={onReload} disabled={busy}>
          Reload their version
        </button>
        <span className="muted">
          Re-applying keeps their other changes; where you both changed a key, yours wins. Reloading discards your
          edits.
        </span>
      </div>
    </section>
  );
}
