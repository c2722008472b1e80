import { sessionUserFromCookies } from "../auth/session";
import { getRuntime } from "../runtime";
import { createContextInner, type Context } from "./init";

/** The request-facing side of the context: the signed-in user comes from the session cookie. */
export async function createRequestContext(cookieHeader: string | null, address: string | null): Promise<Context> {
  const runtime = getRuntime();
  const db = runtime.database.db;
  const user = await sessionUserFromCookies(db, cookieHeader, runtime.authSecret);
  return createContextInner({ db, priorityDb: runtime.database.priorityDb, publisher: runtime.publisher, now: () => new Date(), inviteTtlHours: runtime.inviteTtlHours }, user, { address, rateLimits: runtime.rateLimits });
}
