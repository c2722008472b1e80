import { verifyUnsubscribeToken } from "@/server/domain/notification-delivery";
import { getRuntime } from "@/server/runtime";
import { unsubscribe } from "@/server/features/notifications";

export const dynamic = "force-dynamic";

/**
 * The unsubscribe address of every notification mail: a signed token names one person and one kind.
 * Only POST turns that kind's email off (in-app notices stay as they were): RFC 8058 one-click from
 * the mail client's button, or the button on /unsubscribe. GET and HEAD change nothing, because mail
 * scanners and link previews fetch every link in a message; they lead to the confirmation page.
 */
export function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return new Response(null, { status: 303, headers: { location: `/unsubscribe?token=${encodeURIComponent(token)}` } });
}

export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const runtime = getRuntime();
  const verified = verifyUnsubscribeToken(runtime.authSecret, token);
  const done = verified ? await unsubscribe(runtime.database.db, verified.accountId, verified.kind) : false;
  // A mail client's one-click POST carries this body (RFC 8058) and reads only the status.
  const oneClick = (await request.text()).includes("List-Unsubscribe=One-Click");
  if (oneClick) return new Response(done ? "unsubscribed\n" : "invalid link\n", { status: done ? 200 : 400 });
  const location = done && verified ? `/unsubscribe?done=${verified.kind}` : "/unsubscribe?invalid=1";
  return new Response(null, { status: 303, headers: { location } });
}
