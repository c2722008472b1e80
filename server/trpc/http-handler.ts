import type { IncomingMessage, ServerResponse } from "node:http";
import type { AnyTRPCRouter } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Logger } from "pino";
import { assignRequestId, logServerFailure } from "../observability/request-log";
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
  const handler = createHTTPHandler({
    router: options.router,
    basePath: trpcBasePath,
    createContext: ({ req }) => options.createContext(req, assignRequestId(req)),
    onError({ error, path, type, req, ctx }) {
      if (error.code !== "INTERNAL_SERVER_ERROR") return;
      logServerFailure(options.logger, { requestId: assignRequestId(req), procedure: path, type, userId: (ctx as Context | undefined)?.user?.id ?? null, error });
    },
  });
  return (req, res) => {
    assignRequestId(req, res);
    handler(req, res);
  };
}
