import NextAuth from "next-auth";
import { buildAuthOptions } from "@/server/features/accounts/next-auth";
import { checkSession, readSessionClaims } from "@/server/infra/auth/session";
import { getRuntime } from "@/server/runtime";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's callbacks do not see the request, so the one fact an SSO callback needs from it —
 * whether someone is already signed in, which makes the sign-in a link — is read here.
 */
async function signedInAccountId(req: Request, action: string[]): Promise<number | null> {
  if (action[0] !== "callback" || !action[1] || action[1] === "credentials" || action[1] === "sso-code") return null;
  const runtime = getRuntime();
  const check = await checkSession(
    runtime.database.db,
    readSessionClaims(req.headers.get("cookie"), runtime.authSecret),
    new Date(),
    { fresh: true },
  );
  return check.ok ? check.user.id : null;
}

async function handler(req: Request, context: RouteContext) {
  const params = await context.params;
  const options = buildAuthOptions({ signedInAccountId: await signedInAccountId(req, params.nextauth) });
  return NextAuth(req as never, { params } as never, options) as Promise<Response>;
}

export { handler as GET, handler as POST };
