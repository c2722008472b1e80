import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createRequestContext } from "@/server/trpc/http-context";
import { createCaller } from "@/server/trpc/root";

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
