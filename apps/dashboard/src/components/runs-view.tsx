"use client";

import { useRouter } from "next/navigation";
import { filtersToQuery, type RunFilters, toListInput } from "../lib/run-filters";
import { trpc } from "../trpc/react";
import { RunFiltersForm } from "./run-filters-form";
import { RunsTable } from "./runs-table";
import { SavedViews } from "./saved-views";
import { useRunChanges } from "./use-run-changes";

export function RunsView({ filters }: { filters: RunFilters }) {
  const router = useRouter();
  const list = trpc.run.list.useQuery(toListInput(filters), { placeholderData: (previous) => previous });
  // New runs and changed statuses or metadata show up without a reload.
  useRunChanges(filters.thread ? { thread_id: filters.thread } : undefined, () => void list.refetch());
  const go = (next: RunFilters) => router.push(`/${filtersToQuery(next)}`);
  const page = list.data;
  const backwards = filters.before !== undefined;
  const canGoBack = backwards ? Boolean(page?.has_more) : filters.after !== undefined;
  const canGoForward = backwards ? true : Boolean(page?.has_more);
  const cursorless = { ...filters, after: undefined, before: undefined };

  return (
    <section aria-labelledby="runs-heading">
      <h1 id="runs-heading">Runs</h1>
      <SavedViews filters={filters} />
      <RunFiltersForm filters={filters} onApply={(next) => go({ ...next, after: undefined, before: undefined })} />

      {list.isError ? (
        <div role="alert" className="banner banner-error">
          Could not load runs: {list.error.message}{" "}
          <button type="button" onClick={() => list.refetch()}>
            Retry
          </button>
        </div>
      ) : null}

      {list.isPending ? (
        <p className="muted" aria-live="polite">
          Loading runs…
        </p>
      ) : page && page.data.length === 0 ? (
        <p className="empty" aria-live="polite">
          No runs match these filters.
        </p>
      ) : page ? (
        <RunsTable
          runs={page.data}
          busy={list.isFetching}
          order={filters.order}
          // A new order starts from its first page: a cursor belongs to the order it came from.
          onOrder={(order) => go({ ...cursorless, order })}
        />
      ) : null}

      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={!canGoBack || !page}
          onClick={() => page?.first_id && go({ ...cursorless, before: page.first_id })}
        >
          ← Previous
        </button>
        <button
          type="button"
          disabled={!canGoForward || !page || page.data.length === 0}
          onClick={() => page?.last_id && go({ ...cursorless, after: page.last_id })}
        >
          Next →
        </button>
        {filters.after || filters.before ? (
          <button type="button" className="link" onClick={() => go(cursorless)}>
            First page
          </button>
        ) : null}
      </nav>
    </section>
  );
}
