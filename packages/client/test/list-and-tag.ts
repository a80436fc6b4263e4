// Another service using Runboard, as the README shows it: list a thread's runs and tag one. The
// test runs this file as its own process and checks what it prints (one JSON object).
//   RUNBOARD_URL=http://127.0.0.1:3000 THREAD_ID=thread_abc tsx list-and-tag.ts
import { createRunboardClient, isNotFoundError, type Run, validationDetailOf } from "@runboard/client";

const url = process.env.RUNBOARD_URL ?? "http://127.0.0.1:3000";
const threadId = process.env.THREAD_ID ?? "";
const apiKey = process.env.RUNBOARD_API_KEY ?? "";

// A fetch that notes the Authorization header, to show the API key is sent.
const authorizations: (string | null)[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  authorizations.push(new Headers(init?.headers).get("authorization"));
  return fetch(input, init);
};

const runboard = createRunboardClient({ url, apiKey, fetch: recordingFetch });

const page = await runboard.run.list.query({ thread_id: threadId, limit: 100, order: "asc" });
const target: Run | undefined = page.data.find((run) => run.status === "failed");
if (!target) throw new Error("no failed run to tag");

const tagged = await runboard.run.modify.mutate({
  thread_id: threadId,
  run_id: target.id,
  metadata: { triage: "needs-review", reviewer: "client-process" },
});

// 17 keys: a 422 whose detail names the key past the limit.
const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
const rejected = await runboard.run.modify
  .mutate({ thread_id: threadId, run_id: target.id, metadata: tooMany })
  .then(() => null, validationDetailOf);

const missing = await runboard.run.get
  .query({ thread_id: "thread_elsewhere", run_id: target.id })
  .then(() => false, isNotFoundError);

console.log(
  JSON.stringify({
    listed: page.data.map((run) => run.id),
    tagged: { id: tagged.id, metadata: tagged.metadata },
    rejected,
    missing,
    authorizations: [...new Set(authorizations)].map((a) => a === `Bearer ${apiKey}`),
  }),
);
