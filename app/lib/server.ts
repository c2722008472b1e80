import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createRequestContext } from "@/server/trpc/http-context";
import { createCaller } from "@/server/trpc/root";

/** One context per render: server components call procedures directly, with the same checks as HTTP. */
const requestContext = cache(async () => {
  const incoming = await headers();
  // x-xietong-client-ip is set by server/main.ts from the connection; a client's own value is overwritten.
  return createRequestContext(incoming.get("cookie"), incoming.get("x-xietong-client-ip"));
});

export async function serverCaller() {
  return createCaller(await requestContext());
}

export async function currentUser() {
  return (await requestContext()).user;
}
