import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { serverCaller } from "../../lib/server";

/** A route's id as a positive integer, or a 404. */
export function routeId(id: string): number {
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value <= 0) notFound();
  return value;
}

/** A read that answers NOT_FOUND (missing or not visible to this viewer) becomes the 404 page. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  return read.catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
}

export async function loadAchievement(id: string) {
  const caller = await serverCaller();
  return orNotFound(caller.achievements.get({ achievementId: routeId(id) }));
}

export async function loadNeed(id: string) {
  const caller = await serverCaller();
  return orNotFound(caller.achievements.need({ needId: routeId(id) }));
}

export async function loadEnquiry(id: string) {
  const caller = await serverCaller();
  return orNotFound(caller.achievements.enquiry({ enquiryId: routeId(id) }));
}
