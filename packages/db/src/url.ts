/** A connection string without its password, for messages; `unparsable` when it is not a URL. */
export function redactUrl(url: string, unparsable = "(an unparsable URL)"): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return unparsable;
  }
}
