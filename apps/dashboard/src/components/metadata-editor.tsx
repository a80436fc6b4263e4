"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import {
  METADATA_KEY_MAX_LENGTH,
  METADATA_MAX_KEYS,
  METADATA_VALUE_MAX_LENGTH,
  type MetadataRows,
  metadataRowsSchema,
  metadataToRows,
  type Run,
} from "@runboard/contract";
import { useEffect } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { useCanEdit, useOperator } from "./auth/session";
import { KeyCounter } from "./key-counter";
import { MetadataConflict } from "./metadata-conflict";
import { MetadataRow } from "./metadata-row";
import { useMetadataSave } from "./use-metadata-save";
import { useUnsavedChangesWarning } from "./use-unsaved-changes";

export function MetadataEditor({ run }: { run: Run }) {
  const form = useForm<MetadataRows>({
    resolver: zodResolver(metadataRowsSchema),
    defaultValues: { rows: metadataToRows(run.metadata) },
    mode: "onChange",
  });
  const rows = useFieldArray({ control: form.control, name: "rows" });
  const { base, conflict, remote, acceptRemote, banner, setBanner, save, reload, reapply, saving } = useMetadataSave(
    run,
    form,
    rows.replace,
  );
  // A refused save keeps its edits unsaved until the operator resolves the conflict.
  const dirty = form.formState.isDirty || conflict !== null;
  useUnsavedChangesWarning(dirty && !saving);

  // Validate on load too, so seeded data at the limit shows its counters' state immediately.
  useEffect(() => {
    void form.trigger();
  }, [form]);

  const values = form.watch("rows");
  const canEdit = useCanEdit();
  const operator = useOperator();
  return (
    <section aria-labelledby="metadata-heading" className="card metadata-editor">
      <div className="editor-head">
        <h2 id="metadata-heading">Metadata</h2>
        <KeyCounter count={values.length} />
      </div>
      {conflict ? (
        <MetadataConflict
          base={base}
          theirs={conflict}
          rows={values}
          busy={saving}
          onReload={reload}
          onReapply={() => void reapply()}
        />
      ) : null}
      {remote && !conflict ? (
        <div role="alert" className="banner banner-info" data-testid="remote-change">
          Someone else changed this run while you were editing (now version {remote.version}). Your edits are kept;
          saving will show their values beside yours.{" "}
          <button type="button" className="link" onClick={acceptRemote}>
            Load their version
          </button>
        </div>
      ) : null}
      {canEdit ? null : (
        <p className="banner banner-info" data-testid="no-edit-access">
          You don&apos;t have access to edit metadata: your role is {operator?.role ?? "unknown"}. Editors and admins
          can change it.
        </p>
      )}
      <form onSubmit={save} noValidate aria-describedby="metadata-help">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <p id="metadata-help" className="muted">
            Up to {METADATA_MAX_KEYS} keys. Keys up to {METADATA_KEY_MAX_LENGTH} characters, values up to{" "}
            {METADATA_VALUE_MAX_LENGTH}. Removing a row deletes the key when you save.
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
            {/* While a conflict is open, saving waits for the operator's choice above. */}
            <button type="submit" className="primary" disabled={saving || conflict !== null}>
              {saving ? "Saving…" : "Save"}
            </button>
            {form.formState.isDirty && !conflict ? (
              <button
                type="button"
                className="link"
                onClick={() => {
                  form.reset({ rows: metadataToRows(base.metadata) });
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
        </fieldset>
      </form>
    </section>
  );
}
