import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveRunDetails } from "../../../../../components/live-run-details";
import { MetadataEditor } from "../../../../../components/metadata-editor";
import { isNotFound, serverCaller } from "../../../../../server/caller";

type Params = Promise<{ thread_id: string; run_id: string }>;

// Always read the run fresh: the page is the operator's view of the current state.
export const dynamic = "force-dynamic";

async function loadRun(params: Params) {
  const { thread_id, run_id } = await params;
  try {
    return await serverCaller().run.get({
      thread_id: decodeURIComponent(thread_id),
      run_id: decodeURIComponent(run_id),
    });
  } catch (error) {
    // A malformed id is as absent as a missing run.
    const code = (error as { code?: string }).code;
    if (isNotFound(error) || code === "UNPROCESSABLE_CONTENT") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { run_id } = await params;
  return { title: decodeURIComponent(run_id) };
}

export default async function RunPage({ params }: { params: Params }) {
  const run = await loadRun(params);
  return (
    <article className="run-page">
      <LiveRunDetails run={run} />
      <MetadataEditor run={run} />
    </article>
  );
}
