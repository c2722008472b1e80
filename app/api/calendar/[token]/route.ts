import { calendarFeedIcs } from "@/server/features/calendar-feeds";
import { createRequestContext } from "@/server/trpc/http-context";

export const dynamic = "force-dynamic";

/**
 * GET /api/calendar/<token>.ics: a subscribed calendar feed. The secret token is the credential (no
 * cookie is asked); an unknown or revoked token, or a suspended owner, answers 404 like any unknown address.
 */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const ctx = await createRequestContext(undefined);
  const file = await calendarFeedIcs(ctx, (await params).token, new URL(request.url).origin);
  if (!file)
    return new Response("not found\n", {
      status: 404,
      headers: { "content-type": "text/plain", "cache-control": "no-store" },
    });
  return new Response(file.content, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "cache-control": "private, no-store",
      "content-disposition": 'inline; filename="xietong.ics"',
    },
  });
}
