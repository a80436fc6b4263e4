import { fileURLToPath } from "node:url";

// Where the embedded PostgreSQL lives unless told otherwise. The server and the CLI both read
// these, so the CLI joins the server's database instead of starting a second one. Its own entry
// point (`@runboard/db/defaults`), free of Prisma, so reading a config loads nothing else.
export const EMBEDDED_PG_PORT_DEFAULT = 54329;
export const EMBEDDED_DATA_DIR_DEFAULT = fileURLToPath(new URL("../../../.runboard/postgres", import.meta.url));
