import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { safeRedirectUrl } from "@/server/domain/safe-redirect";
import { getRuntime } from "@/server/runtime";
import { signInCodeInput } from "@/server/features/two-factor/contract";
import { signInWithPassword } from "./sign-in";
import { openSession, revokeSession } from "@/server/infra/auth/sessions";
import { checkSecondFactor } from "@/server/features/two-factor";
import { completeSsoSecondFactor, decideSsoSignIn, ssoAuthProviders } from "@/server/features/sso";
import { checkSession, sessionLimits, withinSessionLifetime, type SessionClaims } from "@/server/infra/auth/session";

const credentialsInput = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
  code: signInCodeInput,
});

/** Error codes next-auth hands to the sign-in page; the page shows each as a translated message. */
export const signInErrors = {
  wrongCredentials: "CredentialsSignin",
  suspended: "Suspended",
  rateLimited: "RateLimited",
  /** The password was right and the account uses two-factor: the form asks for the code. */
  codeRequired: "TwoFactorRequired",
  codeInvalid: "TwoFactorInvalid",
  /** The code step after single sign-on was opened with a ticket that is expired or not ours. */
  ssoTicketInvalid: "SsoTicketInvalid",
} as const;

const ssoCodeInput = z.object({ ticket: z.string().min(1).max(2000), code: signInCodeInput });

/** What the request tells next-auth beyond the request itself: who is signed in when an SSO callback arrives. */
export interface AuthRequestContext {
  /** Set on an SSO callback made by a signed-in person: the sign-in links the identity instead. */
  signedInAccountId?: number | null;
}

/**
 * Thrown from the jwt callback when a refresh finds the session revoked: next-auth then answers with
 * no session and clears the cookie instead of issuing a fresh one.
 */
class SessionEnded extends Error {
  constructor(reason: string) {
    super(`session ended: ${reason}`);
    this.name = "SessionEnded";
  }
}

/** Built per request: the secret and database live on the runtime, set up by server/main.ts. */
export function buildAuthOptions(context: AuthRequestContext = {}): NextAuthOptions {
  const runtime = getRuntime();
  // Read when an SSO step runs, not here: building the options needs only the secret.
  const ssoDeps = () => ({
    db: runtime.database.db,
    publisher: runtime.publisher,
    now: () => new Date(),
    inviteTtlHours: runtime.inviteTtlHours,
    mail: runtime.mail,
    authSecret: runtime.authSecret,
  });
  // The token and its cookie live for the idle limit; each visit to /api/auth/session (the browser
  // calls it while the person is active) issues them afresh, up to the absolute limit from sign-in.
  // Cookies are HttpOnly and SameSite=Lax by next-auth's default, and Secure when NEXTAUTH_URL is https.
  const { idleSeconds, maxSeconds } = sessionLimits();
  return {
    secret: runtime.authSecret,
    session: { strategy: "jwt", maxAge: idleSeconds },
    jwt: { maxAge: idleSeconds },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "email",
        credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" } },
        async authorize(raw, req) {
          const parsed = credentialsInput.safeParse(raw);
          if (!parsed.success) return null;
          const address =
            typeof req?.headers?.["x-xietong-client-ip"] === "string" ? req.headers["x-xietong-client-ip"] : null;
          const result = await signInWithPassword(runtime.database.db, runtime.rateLimits, { ...parsed.data, address });
          if (!result.ok) {
            if (result.reason === "SUSPENDED") throw new Error(signInErrors.suspended);
            if (result.reason === "RATE_LIMITED") {
              runtime.logger.warn({ event: "sign-in-rate-limited" }, "sign-in refused by rate limit");
              throw new Error(signInErrors.rateLimited);
            }
            runtime.logger.info({ event: "sign-in-failed" }, "sign-in refused");
            return null;
          }
          const { account } = result;
          const second = await checkSecondFactor(
            runtime.database.db,
            runtime.rateLimits,
            runtime.authSecret,
            account.id,
            parsed.data.code,
          );
          if (!second.ok) {
            runtime.logger.info(
              { event: "sign-in-second-factor", outcome: second.reason },
              "sign-in waits for a second factor",
            );
            if (second.reason === "RATE_LIMITED") throw new Error(signInErrors.rateLimited);
            throw new Error(second.reason === "CODE_REQUIRED" ? signInErrors.codeRequired : signInErrors.codeInvalid);
          }
          const sid = await openSession(runtime.database.db, account.id, maxSeconds);
          return {
            id: String(account.id),
            name: account.displayName,
            email: account.email,
            role: account.role,
            regionId: account.regionId,
            sid,
          };
        },
      }),
      CredentialsProvider({
        id: "sso-code",
        name: "sso-code",
        credentials: { ticket: { type: "text" }, code: { type: "text" } },
        async authorize(raw) {
          const parsed = ssoCodeInput.safeParse(raw);
          if (!parsed.success) throw new Error(signInErrors.ssoTicketInvalid);
          const result = await completeSsoSecondFactor(ssoDeps(), runtime.rateLimits, parsed.data);
          if (!result.ok) {
            runtime.logger.info({ event: "sso-second-factor", outcome: result.reason }, "SSO sign-in waits for a code");
            if (result.reason === "TICKET_INVALID") throw new Error(signInErrors.ssoTicketInvalid);
            if (result.reason === "SUSPENDED") throw new Error(signInErrors.suspended);
            if (result.reason === "RATE_LIMITED") throw new Error(signInErrors.rateLimited);
            throw new Error(result.reason === "CODE_REQUIRED" ? signInErrors.codeRequired : signInErrors.codeInvalid);
          }
          const { account } = result;
          const sid = await openSession(runtime.database.db, account.id, maxSeconds);
          return { ...account, id: String(account.id), name: account.displayName, sid };
        },
      }),
      ...ssoAuthProviders(),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.type !== "oauth") return true;
        const decision = await decideSsoSignIn(ssoDeps(), account.provider, user, context.signedInAccountId ?? null);
        runtime.logger.info(
          {
            event: "sso-sign-in",
            provider: account.provider,
            outcome: decision.allow ? "signed-in" : decision.redirect.split("?")[0],
          },
          "single sign-on",
        );
        if (!decision.allow) return decision.redirect;
        // next-auth hands this same object to the jwt callback: from here it is our account, with its session.
        const sid = await openSession(runtime.database.db, decision.account.id, maxSeconds);
        const signedIn = user as unknown as Record<string, unknown>;
        delete signedIn.ssoClaims;
        delete signedIn.userinfoRefused;
        Object.assign(signedIn, {
          id: String(decision.account.id),
          name: decision.account.displayName,
          email: decision.account.email,
          role: decision.account.role,
          regionId: decision.account.regionId,
          sid,
        });
        return true;
      },
      // next-auth's own check is a prefix match on baseUrl; ours refuses every other origin however spelt.
      redirect: ({ url, baseUrl }) => safeRedirectUrl(url, baseUrl),
      async jwt({ token, user }) {
        if (!user && !withinSessionLifetime(token.at as number | undefined)) {
          // Past the absolute limit: a token with no identity, which every reader treats as signed out.
          return { expired: true };
        }
        if (user) {
          const signedIn = user as typeof user & { role: string; regionId: number; sid: string };
          token.sub = signedIn.id;
          token.role = signedIn.role;
          token.regionId = signedIn.regionId;
          token.sid = signedIn.sid;
          token.at = Math.floor(Date.now() / 1000);
          return token;
        }
        // A refresh renews only a session whose row is still live.
        const check = await checkSession(runtime.database.db, token as SessionClaims);
        if (!check.ok) throw new SessionEnded(check.reason);
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role, regionId: token.regionId } };
      },
    },
    events: {
      // next-auth awaits this before it clears the cookie, so the session ends on the server first.
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(runtime.database.db, token.sid, "signed-out");
      },
    },
    logger: {
      error: (code, metadata) =>
        metadata instanceof Error && metadata.name === "SessionEnded"
          ? runtime.logger.info({ event: "session-refresh-refused" }, metadata.message)
          : runtime.logger.error(
              { code, metadata: metadata instanceof Error ? metadata.message : undefined },
              "next-auth error",
            ),
      warn: (code) => runtime.logger.warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
  };
}
