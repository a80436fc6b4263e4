import { randomBytes } from "node:crypto";
import { open, readFile, rename } from "node:fs/promises";

/**
 * The embedded PostgreSQL's passwords, made at random for each data folder and kept in a file only
 * this user can read (mode 0600) beside it. The superuser is for set-up only; Runboard connects as
 * its own role, which owns its database and nothing else.
 */
export interface EmbeddedCredentials {
  superuser: { user: string; password: string };
  app: { user: string; password: string };
}

export const SUPERUSER = "postgres";
export const APP_ROLE = "runboard";

/** The fixed superuser password of data folders made before passwords were random (upgraded at start). */
export const LEGACY_PASSWORD = "runboard-embedded";

export function credentialsPathOf(dataDir: string): string {
  return `${dataDir}.credentials.json`;
}

const secret = () => randomBytes(24).toString("base64url");

export function newCredentials(): EmbeddedCredentials {
  return { superuser: { user: SUPERUSER, password: secret() }, app: { user: APP_ROLE, password: secret() } };
}

export async function readCredentials(dataDir: string): Promise<EmbeddedCredentials | null> {
  let text: string;
  try {
    text = await readFile(credentialsPathOf(dataDir), "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<EmbeddedCredentials>;
  // The role names are Runboard's own: a file naming others (the superuser as the app) is refused.
  if (
    parsed.superuser?.user !== SUPERUSER ||
    parsed.app?.user !== APP_ROLE ||
    !parsed.superuser.password ||
    !parsed.app.password
  ) {
    throw new Error(`${credentialsPathOf(dataDir)} is not a Runboard credentials file`);
  }
  return parsed as EmbeddedCredentials;
}

/** Written whole or not at all (a new file, synced, then renamed over): a crash never leaves half the passwords. */
export async function writeCredentials(dataDir: string, credentials: EmbeddedCredentials): Promise<void> {
  const path = credentialsPathOf(dataDir);
  const partial = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  const file = await open(partial, "wx", 0o600);
  try {
    await file.writeFile(`${JSON.stringify(credentials, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(partial, path);
}
