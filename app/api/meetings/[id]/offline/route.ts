import { TRPCError } from "@trpc/server";
import { createRequestContext } from "@/server/trpc/http-context";
import { createCaller } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

/**
 * The service worker's check before it keeps a meeting pack for offline reading: `X-Xietong-Offline: ok`
 * only when the caller may read the meeting now (the same procedure, so the same rule, as the page).
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const meetingId = Number((await params).id);
  const refuse = () => new Response(null, { status: 404, headers: { "cache-control": "no-store" } });
  if (!Number.isSafeInteger(meetingId) || meetingId <= 0) return refuse();
  const caller = createCaller(await createRequestContext(request.headers));
  try {
    await caller.meetings.get({ meetingId });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return refuse();
    throw error;
  }
  return new Response(null, { status: 204, headers: { "x-xietong-offline": "ok", "cache-control": "no-store" } });
}
