import type { IncomingHttpHeaders } from "node:http";
import { localeCookie, negotiateLocale } from "@/i18n/locale";
import { parseCookieHeader, sessionUserFromCookies } from "@/server/infra/auth/session";
import { getRuntime, type Runtime } from "../runtime";
import { createContextInner, type Context, type ContextDeps } from "./init";

/** Fetch-style headers (server components) or Node's (the API served from server/main.ts). */
type RequestHeaders = Headers | IncomingHttpHeaders;

function header(headers: RequestHeaders | undefined, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/**
 * The request-facing side of the context: the signed-in user comes from the session cookie, the
 * language from the same negotiation the pages use, so messages match the page they appear on.
 */
export async function createRequestContext(headers: RequestHeaders | undefined): Promise<Context> {
  const runtime = getRuntime();
  const deps = depsOf(runtime);
  const cookieHeader = header(headers, "cookie");
  const user = await sessionUserFromCookies(deps.db, cookieHeader, runtime.authSecret);
  const locale = negotiateLocale(parseCookieHeader(cookieHeader).get(localeCookie), header(headers, "accept-language"));
  return createContextInner(deps, user, {
    locale,
    address: header(headers, "x-xietong-client-ip") || null,
    requestId: header(headers, "x-request-id"),
  });
}

/** The runtime's part of every context, built once per runtime rather than on each request. */
const contextDeps = new WeakMap<Runtime, ContextDeps>();

function depsOf(runtime: Runtime): ContextDeps {
  let deps = contextDeps.get(runtime);
  if (!deps)
    contextDeps.set(
      runtime,
      (deps = {
        db: runtime.database.db,
        priorityDb: runtime.database.priorityDb,
        publisher: runtime.publisher,
        background: runtime.background,
        now: () => new Date(),
        inviteTtlHours: runtime.inviteTtlHours,
        rateLimits: runtime.rateLimits,
        voteGroupCommit: runtime.voteGroupCommit,
        mail: runtime.mail,
        authSecret: runtime.authSecret,
        demo: runtime.demo,
        metrics: runtime.metrics,
        storage: runtime.storage,
        attachmentMaxBytes: runtime.attachmentMaxBytes,
      }),
    );
  return deps;
}
