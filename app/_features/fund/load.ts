import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

/** A route id as a positive integer, or the 404 page. */
export function routeId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}

/** A read that answers NOT_FOUND (missing, or not visible to this viewer) becomes the 404 page. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  return read.catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
}
