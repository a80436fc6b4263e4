import type { Run } from "@runboard/contract";
import Link from "next/link";
import { StatusBadge } from "./status-badge";
import { Timestamp } from "./timestamp";

export function runHref(run: Pick<Run, "thread_id" | "id">): string {
  return `/threads/${encodeURIComponent(run.thread_id)}/runs/${encodeURIComponent(run.id)}`;
}

export function RunsTable({ runs, busy }: { runs: Run[]; busy: boolean }) {
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
            <th scope="col">Created</th>
            <th scope="col">Metadata</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td className="mono">
                <Link href={runHref(run)}>{run.id}</Link>
              </td>
              <td className="mono">{run.thread_id}</td>
              <td className="mono">{run.assistant_id}</td>
              <td>{run.model}</td>
              <td>
                <StatusBadge status={run.status} />
              </td>
              <td>
                <Timestamp seconds={run.created_at} relative={false} />
              </td>
              <td className="num">{Object.keys(run.metadata).length} keys</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
