import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { demoAccounts } from "@/db/seed";
import { verifyUnsubscribeToken } from "@/server/domain/notification-delivery";
import { getRuntime } from "@/server/runtime";
import { signInLimits } from "@/server/features/accounts";
import { createRequestContext } from "@/server/trpc/http-context";
import { createCaller } from "@/server/trpc/root";

/*
 * The one place server components reach the server: the in-process tRPC caller, plus the few settings a
 * page needs before any procedure runs. Pages import this, never server modules (dependency-cruiser).
 */

/** One context per render: server components call procedures directly, with the same checks as HTTP. */
const requestContext = cache(async () => {
  const list = await headers();
  return createRequestContext(new Headers(list));
});

export async function serverCaller() {
  return createCaller(await requestContext());
}

export async function currentUser() {
  return (await requestContext()).user;
}

/** Demo accounts to list on the sign-in page, only when the app was started with XIETONG_DEMO. */
export function demoSignInAccounts() {
  return getRuntime().demo ? demoAccounts.map(({ role, email, password }) => ({ role, email, password })) : [];
}

export const signInLockoutMinutes = signInLimits.windowMs / 60_000;

/** Who an unsubscribe link is for, or null when it is forged or damaged (signed with the auth secret). */
export function verifiedUnsubscribe(token: string) {
  return token ? verifyUnsubscribeToken(getRuntime().authSecret, token) : null;
}
