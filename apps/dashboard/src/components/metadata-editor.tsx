"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import {
  type Metadata,
  type MetadataRows,
  metadataRowsSchema,
  metadataToRows,
  type Run,
  rowsToPatch,
  type ValidationDetail,
} from "@runboard/contract";
import { useEffect, useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { trpc } from "../trpc/react";
import { KeyCounter } from "./key-counter";
import { MetadataRow } from "./metadata-row";
import { useUnsavedChangesWarning } from "./use-unsaved-changes";

type Banner = { kind: "success" | "error" | "info"; text: string } | null;

export function MetadataEditor({ run }: { run: Run }) {
  const [saved, setSaved] = useState<Metadata>(run.metadata);
  const [banner, setBanner] = useState<Banner>(null);
  const form = useForm<MetadataRows>({
    resolver: zodResolver(metadataRowsSchema),
    defaultValues: { rows: metadataToRows(run.metadata) },
    mode: "onChange",
  });
  const rows = useFieldArray({ control: form.control, name: "rows" });
  const modify = trpc.run.modify.useMutation();
  const utils = trpc.useUtils();
  const dirty = form.formState.isDirty;
  useUnsavedChangesWarning(dirty && !modify.isPending);

  // Validate on load too, so seeded data at the limit shows its counters' state immediately.
  useEffect(() => {
    void form.trigger();
  }, [form]);

  const onSubmit = form.handleSubmit(async ({ rows: values }) => {
    const patch = rowsToPatch(saved, values);
    if (Object.keys(patch).length === 0) {
      setBanner({ kind: "info", text: "No changes to save." });
      return;
    }
    setBanner(null);
    try {
      const updated = await modify.mutateAsync({ thread_id: run.thread_id, run_id: run.id, metadata: patch });
      setSaved(updated.metadata);
      form.reset({ rows: metadataToRows(updated.metadata) });
      utils.run.get.setData({ thread_id: run.thread_id, run_id: run.id }, updated);
      void utils.run.list.invalidate();
      setBanner({ kind: "success", text: `Saved ${Object.keys(patch).length} change(s).` });
    } catch (error) {
      showServerError(error, values);
    }
  });

  function showServerError(error: unknown, values: MetadataRows["rows"]) {
    const data = (error as { data?: { code?: string; detail?: ValidationDetail[] } }).data;
    if (data?.detail?.length) {
      let placed = 0;
      for (const item of data.detail) {
        const key = item.loc[0] === "body" && item.loc[1] === "metadata" ? item.loc[2] : undefined;
        const index = values.findIndex((row) => row.key === key);
        if (index >= 0) {
          const field = item.msg.startsWith("metadata key") ? "key" : "value";
          form.setError(`rows.${index}.${field}`, { type: "server", message: item.msg }, { shouldFocus: placed === 0 });
          placed++;
        }
      }
      setBanner({
        kind: "error",
        text:
          placed > 0 ? "The server rejected some rows; nothing was saved." : data.detail.map((d) => d.msg).join("; "),
      });
      return;
    }
    if (data?.code === "NOT_FOUND") {
      setBanner({ kind: "error", text: "This run no longer exists under this thread. Your edits are kept below." });
      return;
    }
    setBanner({
      kind: "error",
      text: `Could not save (${(error as Error).message || "network error"}). Your edits are kept; try again.`,
    });
  }

  const count = form.watch("rows").length;
  return (
    <section aria-labelledby="metadata-heading" className="card metadata-editor">
      <div className="editor-head">
        <h2 id="metadata-heading">Metadata</h2>
        <KeyCounter count={count} />
      </div>
      <form onSubmit={onSubmit} noValidate aria-describedby="metadata-help">
        <p id="metadata-help" className="muted">
          Up to 16 keys. Keys up to 64 characters, values up to 512. Removing a row deletes the key when you save.
        </p>
        {rows.fields.length === 0 ? <p className="empty">No metadata yet.</p> : null}
        <ol className="meta-rows">
          {rows.fields.map((field, index) => (
            <MetadataRow key={field.id} index={index} form={form} onRemove={() => rows.remove(index)} />
          ))}
        </ol>
        <div className="editor-actions">
          <button type="button" onClick={() => rows.append({ key: "", value: "" }, { shouldFocus: true })}>
            + Add key
          </button>
          <button type="submit" className="primary" disabled={modify.isPending}>
            {modify.isPending ? "Saving…" : "Save"}
          </button>
          {dirty ? (
            <button
              type="button"
              className="link"
              onClick={() => {
                form.reset({ rows: metadataToRows(saved) });
                setBanner(null);
              }}
            >
              Discard changes
            </button>
          ) : null}
          {dirty ? <span className="muted">Unsaved changes</span> : null}
        </div>
        <div aria-live="polite">
          {banner ? (
            <p role={banner.kind === "error" ? "alert" : "status"} className={`banner banner-${banner.kind}`}>
              {banner.text}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}
