/** Command-line flags: `--name value` or `--name=value`; a bare `--` (pnpm passes one on) is skipped. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type Flags = Map<string, string>;

export function parseFlags(argv: readonly string[], known: readonly string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") continue;
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!known.includes(name))
      throw new UsageError(`unknown flag --${name}; known: ${known.map((k) => `--${k}`).join(" ")}`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

/** A whole-number flag (`1_000_000` and `1e6` are accepted), or the fallback. */
export function intFlag(flags: Flags, name: string, fallback: number, min: number, max: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

/** A list of whole numbers such as `1,8,32`. */
export function intListFlag(flags: Flags, name: string, fallback: number[], min: number, max: number): number[] {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  return raw.split(",").map((part) => intFlag(new Map([[name, part.trim()]]), name, 0, min, max));
}

export function boolFlag(flags: Flags, name: string, fallback: boolean): boolean {
  const raw = flags.get(name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new UsageError(`--${name} must be true or false, got '${raw}'`);
}
