import type { IncomingMessage, ServerResponse } from "node:http";
import type { AnyTRPCRouter } from "@trpc/server";
import {
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  isObject,
  transformTRPCResponse,
  type AnyProcedure,
  type AnyRootTypes,
  type RootConfig,
  type TRPCErrorShape,
  type TRPCResponse,
  TRPCError,
} from "@trpc/server/unstable-core-do-not-import";
import { isImmutableAnswer } from "@/server/infra/immutable-answer";

export interface QueryCallOptions<Ctx> {
  router: AnyTRPCRouter;
  basePath: string;
  createContext: (req: IncomingMessage) => Promise<Ctx>;
  onError: (failure: {
    error: TRPCError;
    path: string;
    type: "query" | "mutation";
    req: IncomingMessage;
    ctx: Ctx;
  }) => void;
}

interface Call {
  path: string;
  procedure: AnyProcedure;
  /** The call's input, deserialised; rejects as tRPC's adapter does when the body cannot be read. */
  getRawInput: () => Promise<unknown>;
  /** The input for an error's shape, once read (undefined if it could not be). */
  input: () => unknown;
}

interface Calls {
  type: "query" | "mutation";
  batch: boolean;
  calls: Call[];
  /** A mutation's: reads the body, after which the calls' inputs resolve. */
  readBody?: () => Promise<void>;
}

/**
 * GET queries and JSON POST mutations (single or batched, as httpBatchLink sends them) answered
 * without tRPC's fetch adapter, which builds a web Request, AbortControllers and a Response stream
 * around every call: the same procedures with their middlewares (who may call, input checks,
 * metrics), the same error shapes and status codes, one write. Answers false, having done nothing
 * (not even read a body), for anything else (an unknown path, a malformed query input, a mutation
 * without a JSON body, a streamed or SSE request); tRPC's adapter then answers it as before.
 */
export async function answerCall<Ctx>(
  options: QueryCallOptions<Ctx>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const calls =
    req.method === "POST"
      ? await readMutationCalls(options.router, options.basePath, req)
      : await readQueryCalls(options.router, options.basePath, req);
  if (!calls) return false;
  const ctx = await options.createContext(req).catch(() => null);
  // A context that cannot be built is the adapter's to answer (it builds it again and reports the failure).
  if (ctx === null) return false;
  // Only now, once nothing is left to hand over: a body read cannot be given back to the adapter.
  await calls.readBody?.();
  const config = options.router._def._config as RootConfig<AnyRootTypes>;
  const { type } = calls;
  const answers: TRPCResponse[] = await Promise.all(
    calls.calls.map(async (call, batchIndex) => {
      try {
        const data: unknown = await call.procedure({
          path: call.path,
          getRawInput: call.getRawInput,
          ctx,
          type,
          signal: undefined,
          batchIndex,
        });
        return { result: { data } } satisfies TRPCResponse;
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        options.onError({ error, path: call.path, type, req, ctx });
        // The router's errorFormatter shapes it, as in the adapter (typed `any` by tRPC).
        const shape = getErrorShape({
          config,
          ctx,
          error,
          input: call.input(),
          path: call.path,
          type,
        }) as TRPCErrorShape;
        return { error: shape } satisfies TRPCResponse;
      }
    }),
  );
  const untransformed = calls.batch ? answers : answers[0]!;
  const parts = answers.map((answer) => serialiseAnswer(config, answer));
  const body = calls.batch ? `[${parts.join(",")}]` : parts[0]!;
  res.writeHead(getHTTPStatusCode(untransformed), {
    vary: "trpc-accept, accept",
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
  return true;
}

/** Serialised results of immutable answers (cached reference data), by the answer's identity. */
const serialisedResults = new WeakMap<object, string>();

/**
 * One answer as JSON, the same bytes as `JSON.stringify(transformTRPCResponse(config, answer))`: an
 * immutable answer's transformed result is serialised once (superjson's walk and a Date's toISOString
 * per row were a sixth of a reference read's CPU) and reused for every caller.
 */
function serialiseAnswer(config: RootConfig<AnyRootTypes>, answer: TRPCResponse): string {
  if (!("result" in answer) || !isImmutableAnswer(answer.result.data))
    return JSON.stringify(transformTRPCResponse(config, answer));
  const data = answer.result.data;
  let result = serialisedResults.get(data);
  if (result === undefined)
    serialisedResults.set(data, (result = JSON.stringify(transformTRPCResponse(config, answer))));
  return result;
}

/** Streamed (jsonl) and SSE answers, and subscriptions' connection parameters, stay with the adapter. */
function adapterOnly(req: IncomingMessage, search: URLSearchParams): boolean {
  return (
    req.headers["trpc-accept"] !== undefined ||
    req.headers.accept === "text/event-stream" ||
    (req.headers.accept?.split(",").some((t) => t.trim() === "application/jsonl") ?? false) ||
    search.has("connectionParams") ||
    search.has("lastEventId")
  );
}

/** The procedures named by the path, all of `type`, or null. */
async function proceduresAt(
  router: AnyTRPCRouter,
  paths: string[],
  type: "query" | "mutation",
): Promise<AnyProcedure[] | null> {
  const procedures: AnyProcedure[] = [];
  for (const path of paths) {
    const procedure = await getProcedureAtPath(router, path);
    if (!procedure || procedure._def.type !== type) return null;
    procedures.push(procedure);
  }
  return procedures;
}

/** The calls of a plain GET query request, or null when the adapter should answer it. */
async function readQueryCalls(router: AnyTRPCRouter, basePath: string, req: IncomingMessage): Promise<Calls | null> {
  const url = req.url ?? "";
  if (req.method !== "GET" || !url.startsWith(basePath)) return null;
  const queryAt = url.indexOf("?");
  const search = new URLSearchParams(queryAt === -1 ? "" : url.slice(queryAt + 1));
  if (adapterOnly(req, search)) return null;
  let pathPart: string;
  let rawInputs: unknown;
  try {
    pathPart = decodeURIComponent(url.slice(basePath.length, queryAt === -1 ? undefined : queryAt));
    const input = search.get("input");
    rawInputs = input ? JSON.parse(input) : undefined;
  } catch {
    return null;
  }
  const batch = search.get("batch") === "1";
  const paths = batch ? pathPart.split(",") : [pathPart];
  if (batch && rawInputs !== undefined && !isObject(rawInputs)) return null;
  const procedures = await proceduresAt(router, paths, "query");
  if (!procedures) return null;
  const calls: Call[] = [];
  const transformer = (router._def._config as RootConfig<AnyRootTypes>).transformer.input;
  for (const [index, path] of paths.entries()) {
    const raw = batch ? (rawInputs as Record<string, unknown> | undefined)?.[index] : rawInputs;
    let input: unknown;
    try {
      input = raw === undefined ? undefined : transformer.deserialize(raw);
    } catch {
      return null;
    }
    calls.push({ path, procedure: procedures[index]!, getRawInput: () => Promise.resolve(input), input: () => input });
  }
  return { type: "query", batch, calls };
}

/**
 * The calls of a POST mutation request with a JSON body of known length, or null (body unread) when
 * the adapter should answer it. The body is read here; what cannot be parsed or deserialised fails
 * each call's input with the adapter's BAD_REQUEST, as its own reading of the body would.
 */
async function readMutationCalls(router: AnyTRPCRouter, basePath: string, req: IncomingMessage): Promise<Calls | null> {
  const url = req.url ?? "";
  if (req.method !== "POST" || !url.startsWith(basePath)) return null;
  // Media types are case-insensitive; any other type (form data, octet streams) is the adapter's.
  const contentType = req.headers["content-type"]?.toLowerCase().split(";", 1)[0]?.trim();
  // The gate (http-gate.ts) has refused bodies without a length or over the limit; an empty one is the adapter's.
  const length = Number(req.headers["content-length"] ?? 0);
  if (contentType !== "application/json" || !(length > 0)) return null;
  const queryAt = url.indexOf("?");
  const search = new URLSearchParams(queryAt === -1 ? "" : url.slice(queryAt + 1));
  if (adapterOnly(req, search)) return null;
  let pathPart: string;
  try {
    pathPart = decodeURIComponent(url.slice(basePath.length, queryAt === -1 ? undefined : queryAt));
  } catch {
    return null;
  }
  const batch = search.get("batch") === "1";
  const paths = batch ? pathPart.split(",") : [pathPart];
  const procedures = await proceduresAt(router, paths, "mutation");
  if (!procedures) return null;
  const transformer = (router._def._config as RootConfig<AnyRootTypes>).transformer.input;
  let inputs: Record<number, unknown> | TRPCError = new TRPCError({ code: "BAD_REQUEST", message: "Body not read" });
  const readBody = async () => {
    const body = await readWholeBody(req);
    try {
      const parsed: unknown = JSON.parse(body);
      if (batch && !isObject(parsed))
        throw new TRPCError({ code: "BAD_REQUEST", message: '"input" needs to be an object when doing a batch call' });
      const read: Record<number, unknown> = {};
      for (const index of paths.keys()) {
        const raw = batch ? (parsed as Record<number, unknown>)[index] : parsed;
        if (raw !== undefined) read[index] = transformer.deserialize(raw);
      }
      inputs = read;
    } catch (cause) {
      inputs =
        cause instanceof TRPCError
          ? cause
          : new TRPCError({
              code: "BAD_REQUEST",
              message: cause instanceof Error ? cause.message : "Invalid input",
              cause,
            });
    }
  };
  const calls = paths.map((path, index): Call => ({
    path,
    procedure: procedures[index]!,
    getRawInput: () => (inputs instanceof TRPCError ? Promise.reject(inputs) : Promise.resolve(inputs[index])),
    input: () => (inputs instanceof TRPCError ? undefined : inputs[index]),
  }));
  return { type: "mutation", batch, calls, readBody };
}

function readWholeBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}
