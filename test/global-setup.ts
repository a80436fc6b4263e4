import type { TestProject } from "vitest/node";
import { prepareTemplateDatabase } from "../packages/db/src/testing.ts";

/** Migrates one template database per migration set; each test file clones it (fast, isolated). */
export default async function setup({ provide }: TestProject) {
  provide("templateDatabase", await prepareTemplateDatabase());
}
