import { z } from "zod";
import { apiError, apiLimits, endpointSpecs, type EndpointSpec } from "../contract";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the contract's zod schemas (zod's own JSON Schema
 * output, which OpenAPI 3.1 takes as is): the document cannot drift from what the API parses and sends.
 */
export const apiBasePath = "/api/v1";

type JsonSchema = Record<string, unknown>;
const schemaOf = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

export interface ApiParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export function parametersOf(spec: EndpointSpec): ApiParameter[] {
  const list: ApiParameter[] = [];
  for (const [where, shape] of [
    ["path", spec.params],
    ["query", spec.query],
  ] as const) {
    if (!shape) continue;
    const fields: Record<string, z.ZodType> = shape.shape;
    for (const [name, field] of Object.entries(fields)) {
      const schema = schemaOf(field, "input");
      const optional = field.safeParse(undefined).success;
      list.push({
        name,
        in: where,
        required: where === "path" || !optional,
        ...(field.description ? { description: field.description } : {}),
        schema,
      });
    }
  }
  return list;
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export function openApiDocument(version: string, serverUrl = apiBasePath) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, spec] of Object.entries(endpointSpecs) as [string, EndpointSpec][]) {
    paths[spec.path] = {
      get: {
        operationId,
        parameters: parametersOf(spec),
        responses: {
          200: {
            description: "OK",
            headers: { ETag: { schema: { type: "string" } } },
            content: { "application/json": { schema: schemaOf(spec.response, "output") } },
          },
          304: { description: "Not modified (If-None-Match matched the ETag)" },
          400: errorResponse("Bad parameters or cursor"),
          401: errorResponse("Unknown or revoked API key"),
          404: errorResponse("Not found, or not public"),
          429: errorResponse("Rate limit reached; see Retry-After"),
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Xietong open data API",
      version,
      description:
        `Read-only public data of Xietong. Anonymous callers get ${apiLimits.anonymousPerMinute} requests a minute ` +
        "per address; an API key (Authorization: Bearer <key> or X-API-Key) issued by an administrator raises it. " +
        "Lists are paged with an opaque cursor (nextCursor); answers carry a weak ETag.",
    },
    servers: [{ url: serverUrl }],
    security: [{}, { bearer: [] }, { apiKey: [] }],
    paths,
    components: {
      schemas: { Error: schemaOf(apiError, "output") },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
      },
    },
  };
}
export type OpenApiDocument = ReturnType<typeof openApiDocument>;
