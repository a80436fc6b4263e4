import type { Run } from "@runboard/contract";
import Link from "next/link";
import { Fragment } from "react";
import { CopyButton } from "./copy-button";
import { StatusBadge } from "./status-badge";
import { Timestamp } from "./timestamp";

const LONG_TEXT = 400;

function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text; // not JSON: show what the model produced, as it is
  }
}

function Id({ value, label }: { value: string; label: string }) {
  return (
    <span className="id">
      <code>{value}</code> <CopyButton value={value} label={label} />
    </span>
  );
}

export function RunDetails({ run }: { run: Run }) {
  const timestamps: [string, number | null][] = [
    ["Created", run.created_at],
    ["Started", run.started_at],
    ["Expires", run.expires_at],
    ["Completed", run.completed_at],
    ["Failed", run.failed_at],
    ["Cancelled", run.cancelled_at],
  ];
  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/">Runs</Link> / <Link href={`/?thread=${encodeURIComponent(run.thread_id)}`}>{run.thread_id}</Link>
      </nav>
      <header className="run-header">
        <h1>
          Run <code>{run.id}</code>
        </h1>
        <StatusBadge status={run.status} />
      </header>

      <section aria-labelledby="overview-heading" className="card">
        <h2 id="overview-heading">Overview</h2>
        <dl className="fields">
          <dt>Run id</dt>
          <dd>
            <Id value={run.id} label="run id" />
          </dd>
          <dt>Thread id</dt>
          <dd>
            <Id value={run.thread_id} label="thread id" />
          </dd>
          <dt>Assistant id</dt>
          <dd>
            <Id value={run.assistant_id} label="assistant id" />
          </dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={run.status} />
          </dd>
          <dt>Model</dt>
          <dd>{run.model}</dd>
          {timestamps.map(([label, seconds]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>
                <Timestamp seconds={seconds} />
              </dd>
            </Fragment>
          ))}
        </dl>
      </section>

      {run.required_action ? (
        <section aria-labelledby="action-heading" className="card attention">
          <h2 id="action-heading">Required action: submit tool outputs</h2>
          <ol className="tool-calls">
            {run.required_action.submit_tool_outputs.tool_calls.map((call) => (
              <li key={call.id}>
                <p>
                  <strong className="mono">{call.function.name}</strong> <span className="muted">({call.id})</span>
                </p>
                <pre className="code">{prettyArguments(call.function.arguments)}</pre>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {run.last_error ? (
        <section aria-labelledby="error-heading" className="card danger">
          <h2 id="error-heading">Last error</h2>
          <p>
            <code>{run.last_error.code}</code>: {run.last_error.message}
          </p>
        </section>
      ) : null}

      <section aria-labelledby="instructions-heading" className="card">
        <h2 id="instructions-heading">Instructions</h2>
        {run.instructions.length > LONG_TEXT ? (
          <details className="long-text">
            <summary>
              {run.instructions.slice(0, 160)}…{" "}
              <span className="muted">(show all {run.instructions.length} characters)</span>
            </summary>
            <pre className="prose">{run.instructions}</pre>
          </details>
        ) : run.instructions ? (
          <pre className="prose">{run.instructions}</pre>
        ) : (
          <p className="muted">None</p>
        )}
      </section>

      <section aria-labelledby="tools-heading" className="card">
        <h2 id="tools-heading">Tools</h2>
        {run.tools.length === 0 ? (
          <p className="muted">None</p>
        ) : (
          <ul className="tools">
            {run.tools.map((tool, index) => {
              const fn = (tool as { function?: { name?: string; description?: string } }).function;
              return (
                // Tools have no id; their position is their identity in this list.
                <li key={index}>
                  <code>{tool.type}</code>
                  {fn?.name ? (
                    <>
                      {" "}
                      <strong className="mono">{fn.name}</strong>
                      {fn.description ? <span className="muted"> — {fn.description}</span> : null}
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        <h3>Files</h3>
        {run.file_ids.length === 0 ? (
          <p className="muted">None</p>
        ) : (
          <ul className="files">
            {run.file_ids.map((id) => (
              <li key={id}>
                <Id value={id} label={`file id ${id}`} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
