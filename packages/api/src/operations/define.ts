import type { Permission } from "@runboard/contract";
import type { z } from "zod";
import type { DomainErrorName } from "../errors.ts";
import type { AuthorizedContext } from "./context.ts";

export type OperationKind = "query" | "mutation" | "subscription";

type InputSchema = z.ZodType | undefined;
type ParsedInput<I extends InputSchema> = I extends z.ZodType ? z.output<I> : undefined;
type InputField<I extends InputSchema> = I extends z.ZodType ? Extract<keyof NonNullable<z.input<I>>, string> : never;

/** Preconditions a transport read from its request (REST's If-Match); empty on tRPC. */
export interface Conditions {
  /** The versions If-Match accepts; undefined: any version (no header, or `*`). */
  ifMatch?: readonly number[];
}

export interface HandlerOptions<TInput> {
  ctx: AuthorizedContext;
  input: TInput;
  /** Aborted when the client goes away (subscriptions end on it). */
  signal: AbortSignal | undefined;
  conditions: Conditions;
}

/**
 * Where a REST route finds each input field, and what it answers. Paths are written as OpenAPI
 * writes them (`/threads/{thread_id}/runs`); every route is under `/v1`.
 */
export interface RestBinding<I extends InputSchema = InputSchema> {
  method: "GET" | "POST" | "DELETE";
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Path parameters (input fields), with what each means. */
  params: { readonly [K in InputField<I>]?: string };
  /** The query parameters the route accepts (input fields; any other is a 422), with what each means. */
  query?: { readonly [K in InputField<I>]?: string };
  /** The JSON body: the schema of the input fields it carries, its OpenAPI name, and what to say when it is absent. */
  body?: { schema: z.ZodObject; component: string; missing: string };
  /** Honours If-Match against the output's ETag (the handler gets `conditions.ifMatch`); what the header means. */
  ifMatch?: string;
  /** Answers with the output's ETag: its `version` in quotes. */
  etag?: true;
  /** The success status (200 unless told). */
  status?: number;
  /** The success body's OpenAPI name (the operation's output schema) and what it is. */
  response: { component: string; description: string };
  /** The domain errors this route can answer beyond every route's own (401, 403, 422, 503, 500). */
  errors?: readonly DomainErrorName[];
}

/**
 * One operation: everything every surface needs to serve it. The tRPC router, the REST routes,
 * the OpenAPI document, the fast path and the auth tests are all built from these.
 */
export interface Operation<
  K extends OperationKind = OperationKind,
  I extends InputSchema = InputSchema,
  O extends z.ZodType = z.ZodType,
> {
  kind: K;
  /** What it does, for readers of the table and the README. */
  description: string;
  permission: Permission;
  input: I;
  /** The output's schema: its type is the handler's, and the OpenAPI document shows it (never parsed at run time). */
  output: O;
  handler(
    options: HandlerOptions<ParsedInput<I>>,
  ): K extends "subscription" ? AsyncIterable<z.output<O>> : Promise<z.output<O>>;
  /** The OpenAI-compatible REST route, where the operation has one. */
  rest?: RestBinding<I>;
  /**
   * Called on every page and edit: served by the server's native tRPC route for single calls
   * (apps/server/src/trpc-direct.ts) instead of tRPC's HTTP adapter.
   */
  hot?: true;
}

// biome-ignore lint/suspicious/noExplicitAny: the table holds operations of every input and output.
export type AnyOperation = Operation<OperationKind, any, any>;

type Definition<K extends OperationKind, I extends InputSchema, O extends z.ZodType> = Omit<Operation<K, I, O>, "kind">;

export function query<I extends InputSchema, O extends z.ZodType>(
  op: Definition<"query", I, O>,
): Operation<"query", I, O> {
  return { kind: "query", ...op };
}

export function mutation<I extends InputSchema, O extends z.ZodType>(
  op: Definition<"mutation", I, O>,
): Operation<"mutation", I, O> {
  return { kind: "mutation", ...op };
}

export function subscription<I extends InputSchema, O extends z.ZodType>(
  op: Definition<"subscription", I, O>,
): Operation<"subscription", I, O> {
  return { kind: "subscription", ...op };
}

/** Whether a table entry is an operation (and not a group of them). */
export function isOperation(value: unknown): value is AnyOperation {
  return typeof value === "object" && value !== null && "kind" in value && "handler" in value;
}
