import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createAssistantBodySchema, modifyAssistantBodySchema } from "./assistant.ts";
import { toValidationDetail } from "./detail.ts";
import { createMessageBodySchema, storedContentOf } from "./message.ts";
import { createRunBodySchema, createThreadAndRunBodySchema, submitToolOutputsBodySchema } from "./run-create.ts";
import { createThreadBodySchema } from "./thread.ts";

/** The 422 `detail` a client would get for this body. */
function detailOf(schema: z.ZodType, body: unknown) {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : toValidationDetail(parsed.error.issues, ["body"]);
}

describe("assistants", () => {
  it("takes OpenAI's create body and refuses what OpenAI refuses, naming the field", () => {
    expect(
      detailOf(createAssistantBodySchema, {
        model: "gpt-4o",
        name: "Helper",
        instructions: "Be brief.",
        tools: [{ type: "code_interpreter" }, { type: "function", function: { name: "get_weather", parameters: {} } }],
        metadata: { team: "ops" },
      }),
    ).toEqual([]);
    expect(detailOf(createAssistantBodySchema, {})).toEqual([
      expect.objectContaining({ loc: ["body", "model"], type: "invalid_type" }),
    ]);
    expect(detailOf(createAssistantBodySchema, { model: "m", tools: [{ type: "browser" }] })).toEqual([
      expect.objectContaining({
        loc: ["body", "tools", 0, "type"],
        msg: 'a tool\'s type must be one of code_interpreter, file_search, function, got "browser"',
      }),
    ]);
    const tools = Array.from({ length: 129 }, () => ({ type: "code_interpreter" }));
    expect(detailOf(createAssistantBodySchema, { model: "m", tools })).toEqual([
      expect.objectContaining({ loc: ["body", "tools"], msg: "at most 128 tools are allowed" }),
    ]);
    expect(detailOf(createAssistantBodySchema, { model: "m", instructions: "x".repeat(256_001) })).toEqual([
      expect.objectContaining({ loc: ["body", "instructions"], type: "string_above_max_length" }),
    ]);
    expect(detailOf(createAssistantBodySchema, { model: "m", metadata: { "\u202egnp.exe": "x" } })).toEqual([
      expect.objectContaining({ loc: ["body", "metadata", "\u202egnp.exe"], type: "invalid_string" }),
    ]);
    expect(detailOf(createAssistantBodySchema, { model: "m", modle: "typo" })).toEqual([
      expect.objectContaining({ loc: ["body", "modle"], type: "unrecognized_keys" }),
    ]);
  });

  it("modifies with a metadata patch (null deletes) and the fields it names", () => {
    expect(detailOf(modifyAssistantBodySchema, { name: null, metadata: { team: null, owner: "me" } })).toEqual([]);
    expect(detailOf(modifyAssistantBodySchema, { temperature: 3 })).toEqual([
      expect.objectContaining({ loc: ["body", "temperature"], msg: "temperature is from 0 to 2" }),
    ]);
  });
});

describe("messages and threads", () => {
  it("stores content given as a string or as parts in OpenAI's read shape", () => {
    expect(storedContentOf("hello")).toEqual([{ type: "text", text: { value: "hello", annotations: [] } }]);
    expect(
      storedContentOf([
        { type: "text", text: "look" },
        { type: "image_url", image_url: { url: "https://example.com/a.png" } },
      ]),
    ).toEqual([
      { type: "text", text: { value: "look", annotations: [] } },
      { type: "image_url", image_url: { url: "https://example.com/a.png" } },
    ]);
  });

  it("refuses unknown content parts, bad roles and text over 256,000 characters in all", () => {
    expect(detailOf(createMessageBodySchema, { role: "user", content: [{ type: "audio", audio: {} }] })).toEqual([
      expect.objectContaining({ loc: ["body", "content"] }),
    ]);
    expect(detailOf(createMessageBodySchema, { role: "system", content: "hi" })).toEqual([
      expect.objectContaining({ loc: ["body", "role"], msg: "role must be user or assistant" }),
    ]);
    const half = "y".repeat(128_001);
    expect(
      detailOf(createMessageBodySchema, {
        role: "user",
        content: [
          { type: "text", text: half },
          { type: "text", text: half },
        ],
      }),
    ).toEqual([expect.objectContaining({ loc: ["body", "content"], type: "string_above_max_length" })]);
    expect(detailOf(createThreadBodySchema, { messages: [{ role: "user", content: "a" }, { role: "user" }] })).toEqual([
      expect.objectContaining({ loc: ["body", "messages", 1, "content"] }),
    ]);
  });
});

describe("runs", () => {
  it("needs an assistant, takes OpenAI's overrides, and checks tool outputs", () => {
    expect(detailOf(createRunBodySchema, { model: "m" })).toEqual([
      expect.objectContaining({ loc: ["body", "assistant_id"] }),
    ]);
    expect(
      detailOf(createRunBodySchema, {
        assistant_id: "asst_1",
        additional_instructions: "Also be kind.",
        additional_messages: [{ role: "user", content: "hi" }],
        tool_choice: { type: "function", function: { name: "f" } },
        truncation_strategy: { type: "last_messages", last_messages: 4 },
        max_prompt_tokens: 1000,
      }),
    ).toEqual([]);
    expect(detailOf(createRunBodySchema, { assistant_id: "asst_1", max_prompt_tokens: 10 })).toEqual([
      expect.objectContaining({ loc: ["body", "max_prompt_tokens"], msg: "max_prompt_tokens must be at least 256" }),
    ]);
    expect(
      detailOf(createThreadAndRunBodySchema, {
        assistant_id: "asst_1",
        thread: { messages: [{ role: "user", content: "q" }] },
      }),
    ).toEqual([]);
    expect(detailOf(submitToolOutputsBodySchema, { tool_outputs: [] })).toEqual([
      expect.objectContaining({ loc: ["body", "tool_outputs"], msg: "tool_outputs must name at least one tool call" }),
    ]);
  });
});
