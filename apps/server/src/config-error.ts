/** A setting Runboard cannot start with; its message names the variable and what it must be. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
