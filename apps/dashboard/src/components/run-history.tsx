"use client";

import { diffMetadata, type RunHistory as History, type MetadataChange, type Run } from "@runboard/contract";
import { useEffect, useRef } from "react";
import { trpc } from "../trpc/react";
import { actorName, surfaceName } from "./revision-labels";
import { Timestamp } from "./timestamp";
import { useRun } from "./use-run";

function Change({ change }: { change: MetadataChange }) {
  const key = <code>{change.key}</code>;
  switch (change.kind) {
    case "added":
      return (
        <li className="diff diff-added" data-kind="added">
          <span className="diff-kind">added</span> {key}: <span className="value">{change.after}</span>
        </li>
      );
    case "changed":
      return (
        <li className="diff diff-changed" data-kind="changed">
          <span className="diff-kind">changed</span> {key}: <del className="value">{change.before}</del> →{" "}
          <ins className="value">{change.after}</ins>
        </li>
      );
    case "removed":
      return (
        <li className="diff diff-removed" data-kind="removed">
          <span className="diff-kind">removed</span> {key}: <del className="value">{change.before}</del>
        </li>
      );
  }
}

/**
 * The run's latest metadata changes, newest first, each with who made it, through which surface,
 * when, and its per-key differences. It refetches after a save (the editor invalidates it) and
 * whenever the run's version moves, however the page learned of that.
 */
export function RunHistory({ run, initial, limit }: { run: Run; initial: History; limit: number }) {
  const ref = { thread_id: run.thread_id, run_id: run.id };
  const history = trpc.run.history.useQuery({ ...ref, limit }, { initialData: initial });
  // Shares the run's cache entry with the rest of the page: a newer version there means a newer revision here.
  const current = useRun(run);
  const version = current.data?.version ?? run.version;
  const seen = useRef(version);
  const { refetch } = history;
  useEffect(() => {
    if (version === seen.current) return;
    seen.current = version;
    void refetch();
  }, [version, refetch]);

  const revisions = history.data?.data ?? [];
  return (
    <section aria-labelledby="history-heading" className="card history">
      <h2 id="history-heading">History</h2>
      {revisions.length === 0 ? (
        <p className="muted">No metadata changes yet.</p>
      ) : (
        <ol className="timeline" aria-label="Metadata changes, newest first">
          {revisions.map((revision) => (
            <li key={revision.version} data-testid="revision" data-version={revision.version}>
              <p className="revision-head">
                <strong>Version {revision.version}</strong> · {actorName(revision.actor)}{" "}
                {surfaceName(revision.surface)} · <Timestamp seconds={revision.created_at} />
              </p>
              <ul className="diffs">
                {diffMetadata(revision.metadata_before, revision.metadata_after).map((change) => (
                  <Change key={change.key} change={change} />
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {history.data?.has_more ? <p className="muted">Showing the latest {limit} changes.</p> : null}
    </section>
  );
}
