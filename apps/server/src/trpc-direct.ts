import { type AppRouter, type Context, operationEntries } from "@runboard/api";
import { type FastifyTRPCPluginOptions, fastifyRequestHandler } from "@trpc/server/adapters/fastify";
import { getHTTPStatusCode } from "@trpc/server/http";
import {
  type AnyProcedure,
  getErrorShape,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  isObject,
  TRPCError,
  type TRPCResponse,
  transformTRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export type TRPCOptions = FastifyTRPCPluginOptions<AppRouter>["trpcOptions"];

export interface DirectTRPCRoutesOptions {
  /** What the tRPC plugin is given: requests this fast path does not cover go to its handler. */
  trpcOptions: TRPCOptions;
  /** The plugin's context, from the Fastify request alone. */
  createContext: (request: FastifyRequest) => Context | Promise<Context>;
}

/**
 * The hot operations of the table (`hot: true`: what services and the dashboard call on every page
 * and every edit): queries are served as `GET <prefix>/<path>`, mutations as `POST <prefix>/<path>`.
 */
export function hotProcedures(): { path: string; type: "query" | "mutation" }[] {
  return operationEntries().flatMap(({ path, operation }) =>
    operation.hot && operation.kind !== "subscription" ? [{ path, type: operation.kind }] : [],
  );
}

const EMPTY_INPUTS: Readonly<Record<number, unknown>> = Object.freeze(Object.create(null));

/**
 * tRPC's HTTP adapter, without its cost, for single calls of a few hot procedures.
 *
 * tRPC's Fastify adapter turns every request into a WHATWG Request with an AbortController and
 * streams a WHATWG Response back (~400 µs per request here, 2–2.6× the same call over REST). These
 * routes call the same procedure the adapter would call, with the same context, input parsing,
 * error shape (the router's errorFormatter), HTTP status and onError, and answer the same bytes.
 * They are static routes, so Fastify prefers them to the plugin's `<prefix>/:path`; batches of
 * several procedures (a `,` in the path) never reach them. Requests they do not cover — streaming
 * (`trpc-accept` / `Accept: application/jsonl`), `connectionParams`, other content types, other
 * methods, HEAD — are handed to tRPC's own request handler or left to the plugin's route.
 * A batch of one (`?batch=1`, what httpBatchLink sends for a single call) is answered here.
 */
export async function directTRPCRoutes(app: FastifyInstance, options: DirectTRPCRoutesOptions) {
  const { trpcOptions } = options;
  const router = trpcOptions.router;
  const config = router._def._config;

  // The bodies the plugin's handler would see: the same parsers as fastifyTRPCPlugin installs.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));
  app.removeContentTypeParser("multipart/form-data");
  app.addContentTypeParser("multipart/form-data", {}, (_request, body, done) => done(null, body));

  const delegate = (request: FastifyRequest, reply: FastifyReply, path: string) =>
    fastifyRequestHandler({ ...trpcOptions, req: request, res: reply, path });

  async function procedureAt(path: string, type: "query" | "mutation"): Promise<AnyProcedure> {
    const procedure = await getProcedureAtPath(router, path);
    if (procedure?._def.type !== type) throw new Error(`tRPC procedure ${path} is not a ${type}`);
    return procedure;
  }

  const handlerFor = (path: string, procedure: AnyProcedure) =>
    async function directTRPCCall(request: FastifyRequest, reply: FastifyReply) {
      const url = fastPathURL(request);
      if (!url) return delegate(request, reply, path);
      const isBatchCall = url.searchParams.get("batch") === "1";
      const type = procedure._def.type;

      // The input, read only when the procedure asks for it (after its permission check), as tRPC does.
      let inputs: Record<number, unknown> | undefined;
      let reading: Promise<Record<number, unknown>> | undefined;
      const readInputs = () => {
        reading ??= parseInputs(request, url, isBatchCall, config.transformer.input.deserialize).then(
          (parsed) => {
            inputs = parsed;
            return parsed;
          },
          (cause: unknown) => {
            if (cause instanceof TRPCError) throw cause;
            throw new TRPCError({
              code: "BAD_REQUEST",
              message: cause instanceof Error ? cause.message : "Invalid input",
              cause,
            });
          },
        );
        return reading;
      };

      // A context that cannot be made fails the call (tRPC's adapter does the same).
      let ctx: Context | undefined;
      let response: TRPCResponse;
      try {
        ctx = await options.createContext(request);
        const data = await procedure({
          path,
          getRawInput: async () => (await readInputs())[0],
          ctx,
          type,
          // The adapter passes one aborted when the client goes away; these procedures never read it.
          signal: undefined,
          batchIndex: 0,
        });
        response = { result: { data } };
      } catch (cause) {
        response = failed(getTRPCErrorFromUnknown(cause));
      }
      return send(reply, isBatchCall, response);

      function failed(error: TRPCError): TRPCResponse {
        const input = inputs?.[0];
        trpcOptions.onError?.({ error, path, input, ctx, type, req: request });
        return { error: getErrorShape({ config, error, type, path, input, ctx }) };
      }
    };

  function send(reply: FastifyReply, isBatchCall: boolean, response: TRPCResponse) {
    const body = isBatchCall ? [response] : response;
    // A Buffer, so that Fastify keeps tRPC's `application/json` (it adds a charset to strings).
    const json = Buffer.from(JSON.stringify(transformTRPCResponse(config, body)));
    return reply
      .code(getHTTPStatusCode([response]))
      .header("vary", "trpc-accept, accept")
      .header("content-type", "application/json")
      .send(json);
  }

  // No HEAD twin: tRPC answers HEAD with an empty 204, which the plugin's route still does.
  for (const { path, type } of hotProcedures()) {
    const handler = handlerFor(path, await procedureAt(path, type));
    if (type === "query") app.get(`/${path}`, { exposeHeadRoute: false }, handler);
    else app.post(`/${path}`, handler);
  }
}

/**
 * The request's URL when this fast path answers it exactly as tRPC would, or null to hand it to
 * tRPC's handler: streaming responses, connection params, bodies that are not JSON (tRPC picks its
 * input parser by content type, for GET too), and URLs tRPC itself refuses.
 */
function fastPathURL(request: FastifyRequest): URL | null {
  const headers = request.headers;
  if (headers["trpc-accept"] !== undefined || headers.accept?.includes("application/jsonl")) return null;
  const contentType = headers["content-type"];
  if (request.method === "POST") {
    if (!contentType?.startsWith("application/json")) return null;
  } else if (contentType !== undefined && !contentType.startsWith("application/json")) {
    return null;
  }
  let url: URL;
  try {
    // As tRPC's adapter builds it (its query string is what tRPC reads; a bad Host fails there too).
    url = new URL(request.raw.url ?? "/", `http://${headers.host ?? "localhost"}`);
  } catch {
    return null;
  }
  if (url.searchParams.has("connectionParams")) return null;
  return url;
}

/** tRPC's JSON input parsing (`?input=` for GET, the body for POST; `{ "0": … }` in a batch). */
async function parseInputs(
  request: FastifyRequest,
  url: URL,
  isBatchCall: boolean,
  deserialize: (input: unknown) => unknown,
): Promise<Record<number, unknown>> {
  let inputs: unknown;
  if (request.method === "GET") {
    const query = url.searchParams.get("input");
    if (query) inputs = JSON.parse(query);
  } else {
    // The plugin's handler reads the body with Request.json(), which drops a UTF-8 byte order mark.
    const body = typeof request.body === "string" ? request.body : "";
    inputs = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
  }
  if (inputs === undefined) return EMPTY_INPUTS;
  if (!isBatchCall) return { 0: deserialize(inputs) };
  if (!isObject(inputs)) {
    throw new TRPCError({ code: "BAD_REQUEST", message: '"input" needs to be an object when doing a batch call' });
  }
  const input = inputs[0];
  return input === undefined ? EMPTY_INPUTS : { 0: deserialize(input) };
}
