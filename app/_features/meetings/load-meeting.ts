import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { serverCaller } from "../../lib/server";

/** The meeting of a `/meetings/[id]` route for the signed-in viewer; malformed, unknown or unseen is a 404. */
export async function loadMeeting(id: string) {
  const meetingId = Number(id);
  if (!Number.isSafeInteger(meetingId) || meetingId <= 0) notFound();
  const caller = await serverCaller();
  return caller.meetings.get({ meetingId }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
}
