import NextAuth from "next-auth";
import { buildAuthOptions } from "@/server/features/accounts/next-auth";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, context: RouteContext) {
  return NextAuth(req as never, { params: await context.params } as never, buildAuthOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
