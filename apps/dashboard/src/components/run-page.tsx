"use client";

import type { RunHistory as History, Run } from "@runboard/contract";
import { useMemo } from "react";
import { unwire, type Wired } from "../lib/wired";
import { LiveRunDetails } from "./live-run-details";
import { MetadataEditor } from "./metadata-editor";
import { RunHistory } from "./run-history";

/** The run page's live parts, given the server-rendered run and history as JSON (see lib/wired.ts). */
export function RunPageBody(props: { run: Wired<Run>; history: Wired<History>; limit: number }) {
  const run = useMemo(() => unwire(props.run), [props.run]);
  const history = useMemo(() => unwire(props.history), [props.history]);
  return (
    <>
      <LiveRunDetails run={run} />
      <MetadataEditor run={run} />
      <RunHistory run={run} initial={history} limit={props.limit} />
    </>
  );
}
