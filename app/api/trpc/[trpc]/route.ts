import { appRouter } from "@/server/trpc/root";
import { createRequestContext } from "@/server/trpc/http-context";
import { handleTrpcRequest } from "@/server/trpc/http-handler";
import { getRuntime } from "@/server/runtime";

function handler(req: Request) {
  return handleTrpcRequest(req, { router: appRouter, createContext: () => createRequestContext(req.headers.get("cookie"), req.headers), logger: getRuntime().logger });
}

export { handler as GET, handler as POST };
