import type { CliConfig } from "./config.ts";

/** What a command may touch: injected so that the commands do not reach for globals. */
export interface CommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  config: () => CliConfig;
  /** Aborted on Ctrl-C: commands finish the batch in hand, clean up and stop. */
  signal: AbortSignal;
}
