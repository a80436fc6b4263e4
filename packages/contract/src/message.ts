import { z } from "zod";
import { characterCount, TEXT_MAX_LENGTH } from "./limits.ts";
import { metadataPatchSchema, metadataSchema, newMetadataSchema } from "./metadata.ts";
import { idSchema } from "./run.ts";
import { textSchema } from "./text.ts";

const unixSeconds = z.number().int();
const imageDetail = z.enum(["auto", "low", "high"]).optional();

const PART_TYPES = ["text", "image_file", "image_url"] as const;

/** A content part as a client sends it; text parts are plain strings on the way in. */
export const messageContentPartInputSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("text"), text: textSchema(TEXT_MAX_LENGTH, "message text") }),
    z.strictObject({
      type: z.literal("image_file"),
      image_file: z.strictObject({ file_id: idSchema, detail: imageDetail }),
    }),
    z.strictObject({
      type: z.literal("image_url"),
      image_url: z.strictObject({ url: z.url("image_url.url must be a URL").max(2048), detail: imageDetail }),
    }),
  ],
  { error: () => `a content part's type must be one of ${PART_TYPES.join(", ")}` },
);
export type MessageContentPartInput = z.infer<typeof messageContentPartInputSchema>;

/** A content part as stored and read: text carries its annotations, as OpenAI returns it. */
export const messageContentPartSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("text"),
    text: z.object({ value: z.string(), annotations: z.array(z.looseObject({ type: z.string() })) }),
  }),
  z.object({ type: z.literal("image_file"), image_file: z.object({ file_id: z.string(), detail: imageDetail }) }),
  z.object({ type: z.literal("image_url"), image_url: z.object({ url: z.string(), detail: imageDetail }) }),
  z.object({ type: z.literal("refusal"), refusal: z.string() }),
]);
export type MessageContentPart = z.infer<typeof messageContentPartSchema>;

export const attachmentSchema = z.strictObject({
  file_id: idSchema,
  tools: z.array(z.strictObject({ type: z.enum(["code_interpreter", "file_search"]) })).optional(),
});

export const MESSAGE_ROLES = ["user", "assistant"] as const;

/** Create Message's body (also each message of Create Thread and a run's additional_messages). */
export const createMessageBodySchema = z
  .strictObject({
    role: z.enum(MESSAGE_ROLES, { error: "role must be user or assistant" }),
    content: z.union([textSchema(TEXT_MAX_LENGTH, "message text"), z.array(messageContentPartInputSchema).min(1)], {
      error: "content must be a string or a list of content parts",
    }),
    attachments: z.array(attachmentSchema).nullable().optional(),
    metadata: newMetadataSchema.nullable().optional(),
  })
  .superRefine((message, ctx) => {
    // The limit is on the message's text as a whole, not on each part.
    const text =
      typeof message.content === "string"
        ? [message.content]
        : message.content.flatMap((p) => (p.type === "text" ? [p.text] : []));
    const length = text.reduce((sum, t) => sum + characterCount(t), 0);
    if (length > TEXT_MAX_LENGTH) {
      ctx.addIssue({
        code: "custom",
        path: ["content"],
        message: `the message's text is ${length} characters long; at most ${TEXT_MAX_LENGTH} are allowed`,
        params: { type: "string_above_max_length" },
      });
    }
  });
export type CreateMessageBody = z.infer<typeof createMessageBodySchema>;

/** What a message body's content is stored as: always a list of parts, text with no annotations. */
export function storedContentOf(content: CreateMessageBody["content"]): MessageContentPart[] {
  if (typeof content === "string") return [{ type: "text", text: { value: content, annotations: [] } }];
  return content.map((part) =>
    part.type === "text" ? { type: "text", text: { value: part.text, annotations: [] } } : part,
  );
}

export const MESSAGE_STATUSES = ["in_progress", "incomplete", "completed"] as const;

/** The Message object on the wire (OpenAI's shape), plus Runboard's `version`. */
export const messageSchema = z.object({
  id: z.string(),
  object: z.literal("thread.message"),
  created_at: unixSeconds,
  thread_id: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  incomplete_details: z.object({ reason: z.string() }).nullable(),
  completed_at: unixSeconds.nullable(),
  incomplete_at: unixSeconds.nullable(),
  role: z.enum(MESSAGE_ROLES),
  content: z.array(messageContentPartSchema),
  assistant_id: z.string().nullable(),
  run_id: z.string().nullable(),
  attachments: z.array(attachmentSchema).nullable(),
  metadata: metadataSchema,
  version: z.number().int().min(1),
});
export type Message = z.infer<typeof messageSchema>;

export const messageRefSchema = z.strictObject({ thread_id: idSchema, message_id: idSchema });
export type MessageRef = z.infer<typeof messageRefSchema>;

/** Modify Message: only its metadata changes. */
export const modifyMessageBodySchema = z.strictObject({ metadata: metadataPatchSchema });
