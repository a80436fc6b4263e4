"use client";

import type { SavedView } from "@runboard/contract";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { filtersToQuery, type RunFilters } from "../lib/run-filters";
import { trpc } from "../trpc/react";
import { useOperator } from "./auth/session";

const hrefOf = (view: SavedView) => `/${view.query ? `?${view.query}` : ""}`;

/** Named runs-list views: the operator's own and everyone's shared ones; saves the current one. */
export function SavedViews({ filters }: { filters: RunFilters }) {
  const operator = useOperator();
  const utils = trpc.useUtils();
  const views = trpc.view.list.useQuery(undefined, { enabled: operator !== null });
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const create = trpc.view.create.useMutation({
    onSuccess: (view) => {
      setMessage({ kind: "success", text: `Saved the view '${view.name}'.` });
      void utils.view.list.invalidate();
    },
    onError: (error) => setMessage({ kind: "error", text: error.message }),
  });
  const remove = trpc.view.delete.useMutation({
    onSuccess: () => void utils.view.list.invalidate(),
    onError: (error) => setMessage({ kind: "error", text: error.message }),
  });
  if (!operator) return null;
  // A view is the list's filters and order, not a page of it.
  const query = filtersToQuery({ ...filters, after: undefined, before: undefined }).replace(/^\?/, "");

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    create.mutate({ name: String(data.get("name") ?? ""), query, shared: data.get("shared") === "on" });
  };

  return (
    <aside className="saved-views" aria-label="Saved views">
      <h2>Views</h2>
      {views.data && views.data.length > 0 ? (
        <ul>
          {views.data.map((view) => (
            <li key={view.id}>
              <Link href={hrefOf(view)} aria-current={view.query === query ? "page" : undefined}>
                {view.name}
              </Link>
              {view.shared ? (
                <span className="muted" title={`Shared by ${view.owner_email}`}>
                  {" "}
                  shared{view.mine ? "" : ` by ${view.owner_email}`}
                </span>
              ) : null}
              {view.mine || (view.shared && operator.role === "admin") ? (
                <button
                  type="button"
                  className="link"
                  aria-label={`Delete the view ${view.name}`}
                  onClick={() => remove.mutate({ id: view.id })}
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : views.data ? (
        <p className="muted">No saved views yet.</p>
      ) : null}
      <form onSubmit={save} className="save-view">
        <input name="name" aria-label="View name" placeholder="Name this view" required maxLength={80} />
        <label className="check">
          <input type="checkbox" name="shared" /> Share with everyone
        </label>
        <button type="submit" disabled={create.isPending}>
          Save view
        </button>
      </form>
      <div aria-live="polite">
        {message ? (
          <p role={message.kind === "error" ? "alert" : "status"} className={`banner banner-${message.kind}`}>
            {message.text}
          </p>
        ) : null}
      </div>
    </aside>
  );
}
