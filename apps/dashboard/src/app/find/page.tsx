import { trpcErrorCodeOf } from "@runboard/client";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { pathOfLookup } from "../../lib/lookup-target";
import { requireOperator } from "../../server/caller";

export const metadata: Metadata = { title: "Find by id" };

type SearchParams = Promise<{ id?: string | string[] }>;

export default async function FindPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).id;
  const id = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
  const { caller } = await requireOperator(`/find?id=${encodeURIComponent(id)}`);
  if (id === "") redirect("/");
  let target: string | null = null;
  try {
    target = pathOfLookup(await caller.lookup.id({ id }));
  } catch (error) {
    // An id no object could have (spaces, too long) names nothing, like an unknown one.
    if (trpcErrorCodeOf(error) !== "UNPROCESSABLE_CONTENT") throw error;
  }
  if (target) redirect(target);
  return (
    <section className="not-found">
      <h1>Nothing found</h1>
      <p>
        No run, thread or assistant has the id <code>{id}</code>. Ids are matched exactly; check that it was pasted
        whole.
      </p>
      <p>
        <Link href="/">Back to all runs</Link>
      </p>
    </section>
  );
}
