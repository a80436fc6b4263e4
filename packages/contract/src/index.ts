export * from "./detail.ts";
export * from "./json-schema.ts";
export * from "./limits.ts";
export * from "./list.ts";
export * from "./metadata.ts";
export * from "./metadata-form.ts";
export * from "./modify.ts";
export * from "./run.ts";
