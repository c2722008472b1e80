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
  type TRPCError,
} from "@trpc/server/unstable-core-do-not-import";
import { isImmutableAnswer } from "@/server/infra/immutable-answer";

export interface QueryCallOptions<Ctx> {
  router: AnyTRPCRouter;
  basePath: string;
  createContext: (req: IncomingMessage) => Promise<Ctx>;
  onError: (failure: { error: TRPCError; path: string; type: "query"; req: IncomingMessage; ctx: Ctx }) => void;
}

interface Call {
  path: string;
  procedure: AnyProcedure;
  input: unknown;
}

/**
 * GET queries (single or batched, as httpBatchLink sends them) answered without tRPC's fetch
 * adapter, which builds a web Request, AbortControllers and a Response stream around every call:
 * the same procedures with their middlewares (who may call, input checks, metrics), the same error
 * shapes and status codes, one write. Answers false, having done nothing, for anything else (a
 * mutation, an unknown path, a malformed input, a streamed or SSE request); tRPC's adapter then
 * answers it as before.
 */
export async function answerQuery<Ctx>(
  options: QueryCallOptions<Ctx>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const calls = await readQueryCalls(options.router, options.basePath, req);
  if (!calls) return false;
  const ctx = await options.createContext(req).catch(() => null);
  // A context that cannot be built is the adapter's to answer (it builds it again and reports the failure).
  if (ctx === null) return false;
  const config = options.router._def._config as RootConfig<AnyRootTypes>;
  const answers: TRPCResponse[] = await Promise.all(
    calls.calls.map(async (call, batchIndex) => {
      try {
        const data: unknown = await call.procedure({
          path: call.path,
          getRawInput: () => Promise.resolve(call.input),
          ctx,
          type: "query",
          signal: undefined,
          batchIndex,
        });
        return { result: { data } } satisfies TRPCResponse;
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        options.onError({ error, path: call.path, type: "query", req, ctx });
        // The router's errorFormatter shapes it, as in the adapter (typed `any` by tRPC).
        const shape = getErrorShape({
          config,
          ctx,
          error,
          input: call.input,
          path: call.path,
          type: "query",
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

/** The calls of a plain GET query request, or null when the adapter should answer it. */
async function readQueryCalls(
  router: AnyTRPCRouter,
  basePath: string,
  req: IncomingMessage,
): Promise<{ batch: boolean; calls: Call[] } | null> {
  const url = req.url ?? "";
  if (req.method !== "GET" || !url.startsWith(basePath)) return null;
  // Streamed (jsonl) and SSE answers stay with the adapter.
  if (req.headers["trpc-accept"] !== undefined || req.headers.accept === "text/event-stream") return null;
  const queryAt = url.indexOf("?");
  const search = new URLSearchParams(queryAt === -1 ? "" : url.slice(queryAt + 1));
  if (search.has("connectionParams") || search.has("lastEventId")) return null;
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
  const calls: Call[] = [];
  const transformer = (router._def._config as RootConfig<AnyRootTypes>).transformer.input;
  for (const [index, path] of paths.entries()) {
    const procedure = await getProcedureAtPath(router, path);
    if (!procedure || procedure._def.type !== "query") return null;
    const raw = batch ? (rawInputs as Record<string, unknown> | undefined)?.[index] : rawInputs;
    let input: unknown;
    try {
      input = raw === undefined ? undefined : transformer.deserialize(raw);
    } catch {
      return null;
    }
    calls.push({ path, procedure, input });
  }
  return { batch, calls };
}
