import type { Metadata } from "next";
import { RunsView } from "../components/runs-view";
import { parseFilters, type SearchParams } from "../lib/run-filters";
import { requireOperator } from "../server/caller";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireOperator("/");
  const filters = parseFilters(await searchParams);
  return <RunsView filters={filters} />;
}
