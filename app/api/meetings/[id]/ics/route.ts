import { TRPCError } from "@trpc/server";
import { createRequestContext } from "@/server/trpc/http-context";
import { createCaller } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

/** A meeting's .ics download: the same procedure, and so the same visibility rule, as its page. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const meetingId = Number((await params).id);
  if (!Number.isSafeInteger(meetingId) || meetingId <= 0) return new Response("not found\n", { status: 404 });
  const caller = createCaller(await createRequestContext(request.headers));
  try {
    const file = await caller.meetings.ics({ meetingId, origin: new URL(request.url).origin });
    return new Response(file.content, {
      headers: {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      return new Response("not found\n", { status: 404 });
    throw error;
  }
}
