"use client";

import { isNotFoundError, validationDetailOf, versionConflictOf } from "@runboard/client";
import {
  type Metadata,
  type MetadataPatch,
  type MetadataRows,
  metadataRowsSchema,
  metadataToRows,
  type Run,
  reapplyEdits,
  rowsToPatch,
} from "@runboard/contract";
import { useEffect, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { trpc } from "../trpc/react";
import { useRun } from "./use-run";

type Rows = MetadataRows["rows"];

export type Banner = { kind: "success" | "error" | "info"; text: string } | null;

/** The metadata the form's rows are edits of, at the version it was read. */
export interface Base {
  metadata: Metadata;
  version: number;
}

/**
 * Saving the editor with optimistic concurrency: every save sends the version the rows were
 * edited from, so a change someone else made meanwhile is never overwritten. On CONFLICT the rows
 * stay as typed and `conflict` holds the run as it is now, until the operator reloads it (dropping
 * their edits) or re-applies their edits on top of it.
 */
export function useMetadataSave(run: Run, form: UseFormReturn<MetadataRows>, setRows: (rows: Rows) => void) {
  const ref = { thread_id: run.thread_id, run_id: run.id };
  const [base, setBase] = useState<Base>({ metadata: run.metadata, version: run.version });
  const [conflict, setConflict] = useState<Run | null>(null);
  const [banner, setBanner] = useState<Banner>(null);
  const modify = trpc.run.modify.useMutation();
  const utils = trpc.useUtils();
  // The page keeps this query current through live updates (LiveRunDetails); same cache entry.
  const latest = useRun(run).data;
  /** A newer version that arrived while the operator was editing: announced, never merged into their rows. */
  const [remote, setRemote] = useState<Run | null>(null);
  const dirty = form.formState.isDirty;

  useEffect(() => {
    if (!latest || latest.version <= base.version || conflict || modify.isPending) return;
    if (dirty) {
      setRemote(latest);
      return;
    }
    // Nothing typed: simply show the run as it is now.
    rebase(latest);
    setRemote(null);
    setBanner({ kind: "info", text: `This run was changed elsewhere; showing version ${latest.version}.` });
  }, [latest, base.version, conflict, modify.isPending, dirty]);

  /** The form now edits `next`: its rows are `next`'s, and nothing is unsaved. */
  function rebase(next: Run) {
    setBase({ metadata: next.metadata, version: next.version });
    form.reset({ rows: metadataToRows(next.metadata) });
    utils.run.get.setData(ref, next);
  }

  async function send(from: Base, rows: Rows, patch: MetadataPatch, done: string) {
    setBanner(null);
    setRemote(null);
    try {
      const updated = await modify.mutateAsync({ ...ref, metadata: patch, expected_version: from.version });
      rebase(updated);
      setConflict(null);
      setBanner({ kind: "success", text: done });
      void utils.run.list.invalidate();
    } catch (error) {
      const current = versionConflictOf(error);
      if (current) {
        // Their version is the truth now (the details above show it); the rows keep what was typed.
        utils.run.get.setData(ref, current);
        setConflict(current);
      } else {
        showServerError(error, rows);
      }
    } finally {
      void utils.run.history.invalidate(ref);
    }
  }

  const save = form.handleSubmit(async ({ rows }) => {
    const patch = rowsToPatch(base.metadata, rows);
    if (Object.keys(patch).length === 0) {
      setBanner({ kind: "info", text: "No changes to save." });
      return;
    }
    await send(base, rows, patch, `Saved ${Object.keys(patch).length} change(s).`);
  });

  /** Drops the operator's edits in favour of the newer version announced while they typed. */
  function acceptRemote() {
    if (!remote) return;
    rebase(remote);
    setRemote(null);
    setBanner({ kind: "info", text: `Loaded version ${remote.version}; your edits were discarded.` });
  }

  /** Drops the operator's edits and shows the run as it is now. */
  function reload() {
    if (!conflict) return;
    rebase(conflict);
    setConflict(null);
    setBanner({ kind: "info", text: `Loaded their version (version ${conflict.version}); your edits were discarded.` });
  }

  /** The operator's edits, as a patch against what they started from, applied to the run as it is now. */
  async function reapply() {
    if (!conflict) return;
    const theirs = conflict;
    const { rows, patch } = reapplyEdits(base.metadata, form.getValues("rows"), theirs.metadata);
    rebase(theirs);
    setConflict(null);
    if (Object.keys(patch).length === 0) {
      setBanner({ kind: "info", text: "Their version already has your changes; nothing to save." });
      return;
    }
    setRows(rows);
    // Together the two sets of changes may break a rule (a 17th key): show it on the rows instead.
    if (!metadataRowsSchema.safeParse({ rows }).success) {
      await form.trigger();
      setBanner({ kind: "error", text: "Your changes on top of theirs break a rule; fix the marked rows and save." });
      return;
    }
    const count = Object.keys(patch).length;
    await send(
      { metadata: theirs.metadata, version: theirs.version },
      rows,
      patch,
      `Re-applied and saved ${count} change(s).`,
    );
  }

  function showServerError(error: unknown, rows: Rows) {
    const detail = validationDetailOf(error);
    if (detail?.length) {
      let placed = 0;
      for (const item of detail) {
        const key = item.loc[0] === "body" && item.loc[1] === "metadata" ? item.loc[2] : undefined;
        const index = rows.findIndex((row) => row.key === key);
        if (index >= 0) {
          const field = item.msg.startsWith("metadata key") ? "key" : "value";
          form.setError(`rows.${index}.${field}`, { type: "server", message: item.msg }, { shouldFocus: placed === 0 });
          placed++;
        }
      }
      setBanner({
        kind: "error",
        text: placed > 0 ? "The server rejected some rows; nothing was saved." : detail.map((d) => d.msg).join("; "),
      });
      return;
    }
    if (isNotFoundError(error)) {
      setBanner({ kind: "error", text: "This run no longer exists under this thread. Your edits are kept below." });
      return;
    }
    setBanner({
      kind: "error",
      text: `Could not save (${(error as Error).message || "network error"}). Your edits are kept; try again.`,
    });
  }

  return {
    base,
    conflict,
    remote: remote && remote.version > base.version ? remote : null,
    acceptRemote,
    banner,
    setBanner,
    save,
    reload,
    reapply,
    saving: modify.isPending,
  };
}
