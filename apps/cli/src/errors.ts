/** A mistake in the command line; the message says what to type instead. Exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A failure the user can fix (missing file, unreachable database): printed without a stack. */
export class CliError extends Error {
  override name = "CliError";
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
