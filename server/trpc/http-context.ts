import { localeCookie, negotiateLocale } from "@/i18n/locale";
import { parseCookieHeader, sessionUserFromCookies } from "../auth/session";
import { getRuntime } from "../runtime";
import { createContextInner, type Context } from "./init";

/**
 * The request-facing side of the context: the signed-in user comes from the session cookie, the
 * language from the same negotiation the pages use, so messages match the page they appear on.
 */
export async function createRequestContext(cookieHeader: string | null, headers?: Headers): Promise<Context> {
  const runtime = getRuntime();
  const db = runtime.database.db;
  const user = await sessionUserFromCookies(db, cookieHeader, runtime.authSecret);
  const locale = negotiateLocale(parseCookieHeader(cookieHeader).get(localeCookie), headers?.get("accept-language") ?? null);
  return createContextInner(
    { db, priorityDb: runtime.database.priorityDb, publisher: runtime.publisher, now: () => new Date(), inviteTtlHours: runtime.inviteTtlHours, rateLimits: runtime.rateLimits },
    user,
    { locale, address: headers?.get("x-xietong-client-ip") || null },
  );
}
