import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { serverCaller } from "../../lib/server";

/**
 * The project of a `/projects/[id]` route for the signed-in viewer; a malformed or unknown id is a 404.
 * Read once per request: the title and the page both ask for it.
 */
export const loadProject = cache(async (id: string) => {
  const projectId = Number(id);
  if (!Number.isSafeInteger(projectId) || projectId <= 0) notFound();
  const caller = await serverCaller();
  return caller.projects.get({ projectId }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
});
