import { trpcErrorCodeOf } from "@runboard/client";
import { notFound, redirect } from "next/navigation";
import { pathOfLookup } from "../../../lib/lookup-target";
import { requireOperator } from "../../../server/caller";

type Params = Promise<{ run_id: string }>;

/** A run's address without its thread (what a log line or a ticket usually carries). */
export default async function RunByIdPage({ params }: { params: Params }) {
  const { run_id } = await params;
  const id = decodeURIComponent(run_id);
  const { caller } = await requireOperator(`/runs/${run_id}`);
  const found = await caller.lookup.id({ id }).catch((error: unknown) => {
    if (trpcErrorCodeOf(error) === "UNPROCESSABLE_CONTENT") notFound();
    throw error;
  });
  if (found.kind !== "run") notFound();
  redirect(pathOfLookup(found) as string);
}
