import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/trpc/root";
import { createRequestContext } from "@/server/trpc/http-context";
import { getRuntime } from "@/server/runtime";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createRequestContext(req.headers.get("cookie"), req.headers),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") getRuntime().logger.error({ err: error.cause ?? error, path }, "procedure failed");
    },
  });
}

export { handler as GET, handler as POST };
