import {
  describeContractSchema,
  idSchema,
  listRunsInputSchema,
  modifyRunBodySchema,
  runSchema,
} from "@runboard/contract";
import { z } from "zod";
import { LIST_QUERY_PARAMETERS } from "./input.ts";
import {
  errorResponseSchema,
  preconditionFailedResponseSchema,
  runListSchema,
  validationErrorResponseSchema,
} from "./schemas.ts";

type JSONSchema = z.core.JSONSchema.BaseSchema;

// Only the paths and operations are written here; every schema in the document is generated from
// the zod schemas the routes validate with (the contract's, and the REST envelopes in schemas.ts).

/** Standalone documents carry `$schema`/`$id`; inside an OpenAPI 3.1 document they are noise. */
function embedded({ $schema: _schema, $id: _id, ...schema }: JSONSchema): JSONSchema {
  return schema;
}

function toSchema(schema: z.ZodType, io: "input" | "output"): JSONSchema {
  return embedded(z.toJSONSchema(schema, { io, unrepresentable: describeContractSchema }));
}

function componentSchemas(): Record<string, JSONSchema> {
  const responses = z.registry<{ id: string }>();
  responses.add(runSchema, { id: "Run" });
  responses.add(runListSchema, { id: "RunList" });
  responses.add(errorResponseSchema, { id: "ErrorResponse" });
  responses.add(validationErrorResponseSchema, { id: "ValidationErrorResponse" });
  responses.add(preconditionFailedResponseSchema, { id: "PreconditionFailedResponse" });
  const { schemas } = z.toJSONSchema(responses, {
    unrepresentable: describeContractSchema,
    uri: (id) => `#/components/schemas/${id}`,
  });
  const components = Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, embedded(schema)]));
  // A request body is documented as what the client may send (zod's input side).
  return { ...components, ModifyRunRequest: toSchema(modifyRunBodySchema, "input") };
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (description: string, id: string) => ({
  description,
  content: { "application/json": { schema: ref(id) } },
});

const pathParameter = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: toSchema(idSchema, "input"),
});

const QUERY_DESCRIPTIONS: Record<(typeof LIST_QUERY_PARAMETERS)[number], string> = {
  limit: "How many runs to return.",
  order: "Sort order by `created_at`: `asc` or `desc`.",
  after: "A run id from a previous page: the list continues after it.",
  before: "A run id from a previous page: the list continues before it, towards the start.",
};

const queryParameters = LIST_QUERY_PARAMETERS.map((name) => ({
  name,
  in: "query",
  required: false,
  description: QUERY_DESCRIPTIONS[name],
  schema: toSchema(listRunsInputSchema.shape[name], "input"),
}));

const openAIBeta = {
  name: "OpenAI-Beta",
  in: "header",
  required: false,
  description: "Sent by OpenAI's SDKs (`assistants=v2`); accepted and ignored.",
  schema: { type: "string" },
};

const ifMatch = {
  name: "If-Match",
  in: "header",
  required: false,
  description:
    'Modify only if the run is still at this version: the `ETag` of the run you read, such as `"3"` ' +
    "(a list of tags, or `*` for any version, also works). A stale tag answers 412 and changes nothing.",
  schema: { type: "string" },
};

const etagHeader = {
  ETag: {
    description: 'The run\'s version in quotes, such as `"3"`; send it back as `If-Match` to modify only that version.',
    schema: { type: "string" },
  },
};

/** A 200 carrying a run, with its ETag. */
const runWithETag = (description: string) => ({ ...json(description, "Run"), headers: etagHeader });

const threadId = pathParameter("thread_id", "The thread the run belongs to.");
const runId = pathParameter("run_id", "The run's id.");

const errors = {
  notFound: json("No run with this id in this thread.", "ErrorResponse"),
  invalid: json("The request is invalid; `detail` names every problem, `error` the first.", "ValidationErrorResponse"),
  tooLarge: json("The request body is too large.", "ErrorResponse"),
  stale: {
    ...json("If-Match named a version the run is no longer at; nothing was changed.", "PreconditionFailedResponse"),
    headers: etagHeader,
  },
  server: json("An unexpected server error.", "ErrorResponse"),
  unauthorized: json("No API key, or one that is unknown or revoked (`invalid_api_key`).", "ErrorResponse"),
  forbidden: json("The key's scope does not allow this (`insufficient_permissions`).", "ErrorResponse"),
};

/** The OpenAPI 3.1 document of the `/v1` routes. */
export function buildOpenAPIDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Runboard OpenAI-compatible API",
      version: "1.0.0",
      description: "Assistants-API runs stored by Runboard, at OpenAI's paths: point an OpenAI SDK's `baseURL` here.",
    },
    servers: [{ url: "/v1" }],
    tags: [{ name: "Runs" }],
    // Every operation needs an API key (created by an admin in the dashboard): a `read` key reads,
    // a `read_write` key also modifies.
    security: [{ bearerAuth: [] }],
    paths: {
      "/threads/{thread_id}/runs": {
        get: {
          operationId: "listRuns",
          summary: "List the runs of a thread",
          tags: ["Runs"],
          parameters: [threadId, ...queryParameters, openAIBeta],
          responses: {
            "200": json("A page of runs.", "RunList"),
            "401": errors.unauthorized,
            "403": errors.forbidden,
            "422": errors.invalid,
            "500": errors.server,
          },
        },
      },
      "/threads/{thread_id}/runs/{run_id}": {
        get: {
          operationId: "getRun",
          summary: "Retrieve a run",
          tags: ["Runs"],
          parameters: [threadId, runId, openAIBeta],
          responses: {
            "200": runWithETag("The run."),
            "404": errors.notFound,
            "401": errors.unauthorized,
            "403": errors.forbidden,
            "422": errors.invalid,
            "500": errors.server,
          },
        },
        post: {
          operationId: "modifyRun",
          summary: "Modify a run's metadata",
          description:
            "Merges the metadata patch into the run's metadata and returns the whole run. With `If-Match`, " +
            "only while the run is still at the version you read.",
          tags: ["Runs"],
          parameters: [threadId, runId, ifMatch, openAIBeta],
          requestBody: { required: true, content: { "application/json": { schema: ref("ModifyRunRequest") } } },
          responses: {
            "200": runWithETag("The modified run."),
            "404": errors.notFound,
            "412": errors.stale,
            "413": errors.tooLarge,
            "401": errors.unauthorized,
            "403": errors.forbidden,
            "422": errors.invalid,
            "500": errors.server,
          },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "`Authorization: Bearer <API key>`: the openai SDK's `apiKey`.",
        },
      },
    },
  };
}
