import type { IncomingMessage, ServerResponse } from "node:http";
import type { AnyTRPCRouter, TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Logger } from "pino";
import { assignRequestId, logServerFailure } from "@/server/infra/observability/request-log";
import { answerCall } from "./http-query";
import type { Context } from "./init";

export const trpcBasePath = "/api/trpc/";

/**
 * Serves tRPC straight from the Node server with tRPC's own adapter: no Next route handler and no
 * fetch Request built around it. Every response carries an X-Request-Id; a server-side failure is
 * logged once with it, the procedure, the user and the cause chain.
 */
export function createTrpcHandler(options: {
  router: AnyTRPCRouter;
  createContext: (req: IncomingMessage, requestId: string) => Promise<Context>;
  logger: Logger;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const createContext = (req: IncomingMessage) => options.createContext(req, assignRequestId(req));
  const onError = (failure: { error: TRPCError; path?: string; type: string; req: IncomingMessage; ctx?: unknown }) => {
    if (failure.error.code !== "INTERNAL_SERVER_ERROR") return;
    logServerFailure(options.logger, {
      requestId: assignRequestId(failure.req),
      procedure: failure.path,
      type: failure.type,
      userId: (failure.ctx as Context | undefined)?.user?.id ?? null,
      error: failure.error,
    });
  };
  const handler = createHTTPHandler({
    router: options.router,
    basePath: trpcBasePath,
    createContext: ({ req }) => createContext(req),
    onError,
  });
  const direct = { router: options.router, basePath: trpcBasePath, createContext, onError };
  return (req, res) => {
    assignRequestId(req, res);
    // Queries and JSON mutations skip the adapter's fetch Request and Response; the rest go through it.
    void answerCall(direct, req, res).then(
      (answered) => {
        if (answered) return;
        sendWhole(res);
        handler(req, res);
      },
      (error: unknown) => {
        options.logger.error({ err: error, requestId: assignRequestId(req) }, "call failed outside its procedure");
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end();
      },
    );
  };
}

/**
 * The adapter writes the body as it streams and ends the response in a later tick: chunked encoding
 * and two socket writes per answer. The app's client uses httpBatchLink (no streamed answers), so
 * each answer is gathered and sent in one write with its Content-Length.
 */
function sendWhole(res: ServerResponse): void {
  const chunks: Buffer[] = [];
  const gather = (chunk: unknown) => {
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  };
  const end = res.end.bind(res) as (body?: Buffer) => ServerResponse;
  res.write = ((chunk: unknown) => {
    gather(chunk);
    return true;
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown) => {
    if (typeof chunk !== "function") gather(chunk);
    const body = Buffer.concat(chunks);
    if (!res.headersSent) res.setHeader("content-length", body.length);
    return end(body);
  }) as ServerResponse["end"];
}
