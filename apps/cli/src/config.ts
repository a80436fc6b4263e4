import { resolve } from "node:path";
import { EMBEDDED_DATA_DIR_DEFAULT, EMBEDDED_PG_PORT_DEFAULT } from "@runboard/db/defaults";
import { CliError } from "./errors.ts";

// The same settings and defaults as the server (apps/server/src/config.ts), so that the CLI finds
// the embedded PostgreSQL the server uses.

export interface CliConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const rawPort = env.RUNBOARD_EMBEDDED_PG_PORT;
  const port = rawPort === undefined || rawPort === "" ? EMBEDDED_PG_PORT_DEFAULT : Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CliError(`RUNBOARD_EMBEDDED_PG_PORT must be a whole number from 1 to 65535, got '${rawPort}'`);
  }
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.RUNBOARD_DATA_DIR || EMBEDDED_DATA_DIR_DEFAULT),
    embeddedPgPort: port,
  };
}
