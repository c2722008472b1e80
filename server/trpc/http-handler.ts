import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { AnyTRPCRouter } from "@trpc/server";
import type { Logger } from "pino";
import { logServerFailure, requestIdFrom } from "../observability/request-log";
import type { Context } from "./init";

/**
 * Serves tRPC over fetch. Every response carries an X-Request-Id; a server-side failure is logged
 * with it, the procedure and the cause chain, so a person's "it said something went wrong" can be
 * found in the log.
 */
export function handleTrpcRequest(
  req: Request,
  options: { router: AnyTRPCRouter; createContext: () => Promise<Context>; logger: Logger; endpoint?: string },
): Promise<Response> {
  const requestId = requestIdFrom(req.headers);
  let userId: number | null = null;
  return fetchRequestHandler({
    endpoint: options.endpoint ?? "/api/trpc",
    req,
    router: options.router,
    createContext: async () => {
      const context = await options.createContext();
      userId = context.user?.id ?? null;
      return context;
    },
    responseMeta: () => ({ headers: new Headers({ "x-request-id": requestId }) }),
    onError({ error, path, type }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logServerFailure(options.logger, { requestId, procedure: path, type, userId, error });
    },
  });
}
