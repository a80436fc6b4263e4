import { z } from "zod";

/** Model settings an assistant or a run carries for its worker; Runboard stores them as given. */
export const temperatureSchema = z.number().min(0, "temperature is from 0 to 2").max(2, "temperature is from 0 to 2");
export const topPSchema = z.number().min(0, "top_p is from 0 to 1").max(1, "top_p is from 0 to 1");

export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
export const reasoningEffortSchema = z.enum(REASONING_EFFORTS).nullable();

/** `auto`, or `{ type: "text" | "json_object" }`, or `{ type: "json_schema", json_schema }`. */
export const responseFormatSchema = z
  .union([
    z.literal("auto"),
    z.strictObject({ type: z.enum(["text", "json_object"]) }),
    z.strictObject({ type: z.literal("json_schema"), json_schema: z.looseObject({ name: z.string().min(1) }) }),
  ])
  .nullable();
