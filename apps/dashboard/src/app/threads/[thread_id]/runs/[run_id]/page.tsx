import { trpcErrorCodeOf } from "@runboard/client";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RunPageBody } from "../../../../../components/run-page";
import { wire } from "../../../../../lib/wired";
import { requireOperator } from "../../../../../server/caller";

type Params = Promise<{ thread_id: string; run_id: string }>;

// Always read the run fresh: the page is the operator's view of the current state.
export const dynamic = "force-dynamic";

/** How many of the run's latest metadata changes the page shows. */
const HISTORY_SHOWN = 10;

async function loadRun(params: Params) {
  const { thread_id, run_id } = await params;
  const ref = { thread_id: decodeURIComponent(thread_id), run_id: decodeURIComponent(run_id) };
  // The page reads as the signed-in operator (not signed in: to the sign-in page).
  const { caller } = await requireOperator(`/threads/${thread_id}/runs/${run_id}`);
  try {
    // The history is read alongside: it answers NOT_FOUND for a missing run just as get does.
    const [run, history] = await Promise.all([
      caller.run.get(ref),
      caller.run.history({ ...ref, limit: HISTORY_SHOWN }),
    ]);
    return { run, history };
  } catch (error) {
    // A malformed id is as absent as a missing run.
    const code = trpcErrorCodeOf(error);
    if (code === "NOT_FOUND" || code === "UNPROCESSABLE_CONTENT") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { run_id } = await params;
  return { title: decodeURIComponent(run_id) };
}

export default async function RunPage({ params }: { params: Params }) {
  const { run, history } = await loadRun(params);
  return (
    <article className="run-page">
      <RunPageBody run={wire(run)} history={wire(history)} limit={HISTORY_SHOWN} />
    </article>
  );
}
