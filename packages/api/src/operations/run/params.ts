/** The path parameters every run route shares. */
export const THREAD_PARAM = { thread_id: "The thread the run belongs to." } as const;
export const RUN_PARAMS = { ...THREAD_PARAM, run_id: "The run's id." } as const;
