"use client";

import {
  characterCount,
  METADATA_KEY_MAX_LENGTH,
  METADATA_VALUE_MAX_LENGTH,
  type MetadataRows,
} from "@runboard/contract";
import type { UseFormReturn } from "react-hook-form";

function Remaining({ text, max, id }: { text: string; max: number; id: string }) {
  const left = max - characterCount(text);
  return (
    <span id={id} className={left < 0 ? "remaining over" : "remaining"}>
      {left < 0 ? `${-left} over the limit` : `${left} left`}
    </span>
  );
}

export function MetadataRow({
  index,
  form,
  onRemove,
}: {
  index: number;
  form: UseFormReturn<MetadataRows>;
  onRemove: () => void;
}) {
  const key = form.watch(`rows.${index}.key`) ?? "";
  const value = form.watch(`rows.${index}.value`) ?? "";
  const errors = form.formState.errors.rows?.[index];
  const n = index + 1;
  const base = `meta-${index}`;
  return (
    <li className="meta-row" data-testid="metadata-row" data-key={key}>
      <div className="meta-field">
        <label htmlFor={`${base}-key`}>Key {n}</label>
        <input
          id={`${base}-key`}
          {...form.register(`rows.${index}.key`)}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors?.key ? true : undefined}
          aria-describedby={`${base}-key-left${errors?.key ? ` ${base}-key-error` : ""}`}
        />
        <Remaining text={key} max={METADATA_KEY_MAX_LENGTH} id={`${base}-key-left`} />
        {errors?.key ? (
          <p id={`${base}-key-error`} className="field-error" role="alert">
            {errors.key.message}
          </p>
        ) : null}
      </div>
      <div className="meta-field grow">
        <label htmlFor={`${base}-value`}>Value {n}</label>
        <textarea
          id={`${base}-value`}
          rows={1}
          {...form.register(`rows.${index}.value`)}
          spellCheck={false}
          aria-invalid={errors?.value ? true : undefined}
          aria-describedby={`${base}-value-left${errors?.value ? ` ${base}-value-error` : ""}`}
        />
        <Remaining text={value} max={METADATA_VALUE_MAX_LENGTH} id={`${base}-value-left`} />
        {errors?.value ? (
          <p id={`${base}-value-error`} className="field-error" role="alert">
            {errors.value.message}
          </p>
        ) : null}
      </div>
      <button
        type="button"
        className="remove"
        onClick={onRemove}
        aria-label={`Remove row ${n}${key ? ` (${key})` : ""}`}
      >
        Remove
      </button>
    </li>
  );
}
