import { SpanStatusCode, trace } from "@opentelemetry/api";
import type { TRPCMutationProcedure, TRPCQueryProcedure, TRPCSubscriptionProcedure } from "@trpc/server";
import type { z } from "zod";
import { type AuthorizedContext, authorizeContext } from "../operations/context.ts";
import { type AnyOperation, isOperation, type OperationKind } from "../operations/define.ts";
import { mapToTRPCError } from "./errors.ts";
import { type ProcedureMeta, t } from "./init.ts";

/** Domain errors are values with names; the error table turns them into tRPC codes here. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = mapToTRPCError(result.error.cause);
  if (mapped) throw mapped;
  return result;
});

const tracer = trace.getTracer("@runboard/api");

/**
 * A span per procedure call (`trpc run.get`), the SQL it runs as its children. Without a tracing SDK
 * (OTEL_EXPORTER_OTLP_ENDPOINT unset) @opentelemetry/api's tracer is a no-op: nothing is recorded.
 */
const traceProcedure = t.middleware(({ path, type, next }) =>
  tracer.startActiveSpan(
    `trpc ${path}`,
    { attributes: { "rpc.system": "trpc", "rpc.method": path, "trpc.type": type } },
    async (span) => {
      try {
        const result = await next();
        if (!result.ok) {
          span.setAttribute("trpc.error_code", result.error.code);
          span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
        }
        return result;
      } finally {
        span.end();
      }
    },
  ),
);

// biome-ignore lint/suspicious/noConfusingVoidType: tRPC types a procedure without input as taking `void`.
type InputOf<Op extends AnyOperation> = Op["input"] extends z.ZodType ? z.input<Op["input"]> : void;
type OutputOf<Op extends AnyOperation> = z.output<Op["output"]>;
type Def<Op extends AnyOperation, Output> = { input: InputOf<Op>; output: Output; meta: ProcedureMeta };

/** The tRPC procedure an operation becomes: its input and output types are the operation's schemas'. */
export type ProcedureOf<Op extends AnyOperation> = Op["kind"] extends "query"
  ? TRPCQueryProcedure<Def<Op, OutputOf<Op>>>
  : Op["kind"] extends "mutation"
    ? TRPCMutationProcedure<Def<Op, OutputOf<Op>>>
    : TRPCSubscriptionProcedure<Def<Op, AsyncIterable<OutputOf<Op>, void, unknown>>>;

/** The procedures of a (nested) table of operations, keyed as the table is. */
export type ProceduresOf<T> = {
  [K in keyof T]: T[K] extends AnyOperation ? ProcedureOf<T[K]> : ProceduresOf<T[K]>;
};

/**
 * One operation as a tRPC procedure: errors mapped, then the permission checked (before the input
 * is even parsed), then the input parsed with the operation's schema, then its handler.
 */
export function procedureOf<Op extends AnyOperation>(operation: Op): ProcedureOf<Op> {
  const checked = t.procedure
    .meta({ permission: operation.permission })
    .use(traceProcedure)
    .use(mapDomainErrors)
    .use(({ ctx, next }) => next({ ctx: authorizeContext(ctx, operation.permission) }));
  // With or without `.input()` the builder is the same to the code below; the table's types say the rest.
  const base: Builder = operation.input ? checked.input(operation.input) : checked;
  const resolve: Resolver = ({ ctx, input, signal }) => {
    const output = operation.handler({ ctx, input, signal, conditions: {} });
    return operation.kind === "subscription" ? mappingErrors(output as AsyncIterable<unknown>) : output;
  };
  return base[operation.kind](resolve) as unknown as ProcedureOf<Op>;
}

/** A subscription fails after its procedure returned: its errors are mapped by the table here. */
async function* mappingErrors<T>(events: AsyncIterable<T>): AsyncGenerator<T, void, unknown> {
  try {
    yield* events;
  } catch (error) {
    throw mapToTRPCError(error) ?? error;
  }
}

type Resolver = (options: { ctx: AuthorizedContext; input: unknown; signal: AbortSignal | undefined }) => unknown;
type Builder = Record<OperationKind, (resolve: Resolver) => unknown>;

/** Every operation of the table as a procedure, nested as the table is (tRPC accepts nested records). */
export function proceduresOf<T extends object>(table: T): ProceduresOf<T> {
  return Object.fromEntries(
    Object.entries(table).map(([key, value]) => [key, isOperation(value) ? procedureOf(value) : proceduresOf(value)]),
  ) as ProceduresOf<T>;
}
