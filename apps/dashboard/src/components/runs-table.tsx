import type { Run } from "@runboard/contract";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { MouseEvent } from "react";
import { StatusBadge } from "./status-badge";
import { Timestamp } from "./timestamp";

export function runHref(run: Pick<Run, "thread_id" | "id">): string {
  return `/threads/${encodeURIComponent(run.thread_id)}/runs/${encodeURIComponent(run.id)}`;
}

/** How many metadata pairs a row shows; the rest are counted. */
const PAIRS_SHOWN = 3;

function MetadataCell({ metadata }: { metadata: Run["metadata"] }) {
  const pairs = Object.entries(metadata);
  if (pairs.length === 0) return <span className="muted">—</span>;
  return (
    <span className="meta-pairs">
      {pairs.slice(0, PAIRS_SHOWN).map(([key, value]) => (
        <span key={key} className="meta-pair" title={`${key}=${value}`}>
          <span className="meta-key">{key}</span>=<bdi>{value}</bdi>
        </span>
      ))}
      {pairs.length > PAIRS_SHOWN ? <span className="muted">+{pairs.length - PAIRS_SHOWN} more</span> : null}
    </span>
  );
}

export function RunsTable({
  runs,
  busy,
  order,
  onOrder,
}: {
  runs: Run[];
  busy: boolean;
  order: "asc" | "desc";
  onOrder: (order: "asc" | "desc") => void;
}) {
  const router = useRouter();
  // The whole row opens the run; links inside it (thread, assistant) keep their own target.
  const open = (run: Run) => (event: MouseEvent<HTMLTableRowElement>) => {
    if ((event.target as HTMLElement).closest("a") || window.getSelection()?.toString()) return;
    router.push(runHref(run));
  };
  return (
    <div className="table-scroll" aria-busy={busy}>
      <table className="runs">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Thread</th>
            <th scope="col">Assistant</th>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col" aria-sort={order === "asc" ? "ascending" : "descending"}>
              <button
                type="button"
                className="sort"
                onClick={() => onOrder(order === "asc" ? "desc" : "asc")}
                title={order === "asc" ? "Oldest first; show newest first" : "Newest first; show oldest first"}
              >
                Created {order === "asc" ? "↑" : "↓"}
              </button>
            </th>
            <th scope="col">Metadata</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} className="opens" onClick={open(run)}>
              <td className="mono id" data-label="Run" title={run.id}>
                <Link href={runHref(run)}>{run.id}</Link>
              </td>
              <td className="mono id" data-label="Thread" title={run.thread_id}>
                <Link
                  href={`/?thread=${encodeURIComponent(run.thread_id)}`}
                  aria-label={`Runs of thread ${run.thread_id}`}
                >
                  {run.thread_id}
                </Link>
              </td>
              <td className="mono id" data-label="Assistant" title={run.assistant_id}>
                <Link
                  href={`/?assistant=${encodeURIComponent(run.assistant_id)}`}
                  aria-label={`Runs of assistant ${run.assistant_id}`}
                >
                  {run.assistant_id}
                </Link>
              </td>
              <td data-label="Model">{run.model}</td>
              <td data-label="Status">
                <StatusBadge status={run.status} />
              </td>
              <td data-label="Created">
                <Timestamp seconds={run.created_at} relative={false} />
              </td>
              <td className="metadata" data-label="Metadata">
                <MetadataCell metadata={run.metadata} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
