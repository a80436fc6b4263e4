import { type AnyOperation, ERROR_TABLE, operationEntries, type RestBinding } from "@runboard/api";
import { describeContractSchema } from "@runboard/contract";
import { z } from "zod";
import { errorResponseSchema, preconditionFailedResponseSchema, validationErrorResponseSchema } from "./schemas.ts";

type JSONSchema = z.core.JSONSchema.BaseSchema;

// Built from the operations table: every path, parameter, body and response of the document comes
// from an operation's REST binding, and every schema from the zod schemas the routes validate with.

/** Standalone documents carry `$schema`/`$id`; inside an OpenAPI 3.1 document they are noise. */
function embedded({ $schema: _schema, $id: _id, ...schema }: JSONSchema): JSONSchema {
  return schema;
}

function toSchema(schema: z.ZodType, io: "input" | "output"): JSONSchema {
  return embedded(z.toJSONSchema(schema, { io, unrepresentable: describeContractSchema }));
}

const ERROR_SCHEMAS = {
  ErrorResponse: errorResponseSchema,
  ValidationErrorResponse: validationErrorResponseSchema,
  PreconditionFailedResponse: preconditionFailedResponseSchema,
} as const;

interface Bound {
  operation: AnyOperation;
  binding: RestBinding;
}

function componentSchemas(bound: Bound[]): Record<string, JSONSchema> {
  const responses = z.registry<{ id: string }>();
  for (const { operation, binding } of bound) {
    if (!responses.has(operation.output)) responses.add(operation.output, { id: binding.response.component });
  }
  for (const [id, schema] of Object.entries(ERROR_SCHEMAS)) responses.add(schema, { id });
  const { schemas } = z.toJSONSchema(responses, {
    unrepresentable: describeContractSchema,
    uri: (id) => `#/components/schemas/${id}`,
  });
  const components = Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, embedded(schema)]));
  // A request body is documented as what the client may send (zod's input side).
  for (const { binding } of bound) {
    if (binding.body) components[binding.body.component] = toSchema(binding.body.schema, "input");
  }
  return components;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (description: string, id: string) => ({
  description,
  content: { "application/json": { schema: ref(id) } },
});

const etagHeader = {
  ETag: {
    description: 'The run\'s version in quotes, such as `"3"`; send it back as `If-Match` to modify only that version.',
    schema: { type: "string" },
  },
};

const openAIBeta = {
  name: "OpenAI-Beta",
  in: "header",
  required: false,
  description: "Sent by OpenAI's SDKs (`assistants=v2`); accepted and ignored.",
  schema: { type: "string" },
};

/** A field's schema without the optional/default wrapper (a path parameter is always there). */
function fieldSchema(operation: AnyOperation, name: string): z.ZodType {
  const field = (operation.input as z.ZodObject).shape[name] as z.ZodType;
  return field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
}

function parameters({ operation, binding }: Bound) {
  const path = Object.entries(binding.params).map(([name, description]) => ({
    name,
    in: "path",
    required: true,
    description,
    schema: toSchema(fieldSchema(operation, name), "input"),
  }));
  const query = Object.entries(binding.query ?? {}).map(([name, description]) => ({
    name,
    in: "query",
    required: false,
    description,
    schema: toSchema((operation.input as z.ZodObject).shape[name] as z.ZodType, "input"),
  }));
  const ifMatch = binding.ifMatch
    ? [{ name: "If-Match", in: "header", required: false, description: binding.ifMatch, schema: { type: "string" } }]
    : [];
  return [...path, ...query, ...ifMatch, openAIBeta];
}

function responses({ binding }: Bound) {
  const row = (name: keyof typeof ERROR_TABLE) => {
    const { description, component, etag } = ERROR_TABLE[name];
    return { ...json(description, component), ...(etag ? { headers: etagHeader } : {}) };
  };
  const success = json(binding.response.description, binding.response.component);
  const answers: Record<string, unknown> = {
    [String(binding.status ?? 200)]: binding.etag ? { ...success, headers: etagHeader } : success,
  };
  for (const name of binding.errors ?? []) answers[String(ERROR_TABLE[name].status)] = row(name);
  if (binding.body) answers["413"] = json("The request body is too large.", "ErrorResponse");
  answers["401"] = row("AuthenticationRequiredError");
  answers["403"] = row("PermissionDeniedError");
  answers["422"] = row("RunboardValidationError");
  answers["500"] = json("An unexpected server error.", "ErrorResponse");
  answers["503"] = row("DatabaseUnavailableError");
  return answers;
}

/** `/threads/{thread_id}/runs` with each operation bound there, by HTTP method; paths in order. */
function paths(bound: Bound[]) {
  const out: Record<string, Record<string, unknown>> = {};
  const byPath = [...bound].sort((a, b) =>
    a.binding.path < b.binding.path ? -1 : a.binding.path > b.binding.path ? 1 : 0,
  );
  for (const entry of byPath) {
    const { binding } = entry;
    out[binding.path] ??= {};
    (out[binding.path] as Record<string, unknown>)[binding.method.toLowerCase()] = {
      operationId: binding.operationId,
      summary: binding.summary,
      ...(binding.description ? { description: binding.description } : {}),
      tags: [binding.tag],
      parameters: parameters(entry),
      ...(binding.body
        ? { requestBody: { required: true, content: { "application/json": { schema: ref(binding.body.component) } } } }
        : {}),
      responses: responses(entry),
    };
  }
  return out;
}

/** The OpenAPI 3.1 document of the `/v1` routes. */
export function buildOpenAPIDocument() {
  const bound = operationEntries().flatMap(({ operation }) =>
    operation.rest ? [{ operation, binding: operation.rest as RestBinding }] : [],
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Runboard OpenAI-compatible API",
      version: "1.0.0",
      description: "Assistants-API runs stored by Runboard, at OpenAI's paths: point an OpenAI SDK's `baseURL` here.",
    },
    servers: [{ url: "/v1" }],
    tags: [...new Set(bound.map(({ binding }) => binding.tag))].map((name) => ({ name })),
    // Every operation needs an API key (created by an admin in the dashboard): a `read` key reads,
    // a `read_write` key also modifies.
    security: [{ bearerAuth: [] }],
    paths: paths(bound),
    components: {
      schemas: componentSchemas(bound),
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
