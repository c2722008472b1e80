import { verifyUnsubscribeToken } from "@/server/domain/notification-delivery";
import { getRuntime } from "@/server/runtime";
import { unsubscribe } from "@/server/services/notifications";

export const dynamic = "force-dynamic";

/**
 * The unsubscribe link in every notification mail: a signed token names one person and one kind, and
 * following it turns that kind's email off (in-app notices stay as they were). GET is the link a person
 * clicks, answered with the settings page; POST is RFC 8058 one-click from the mail client's button.
 */
async function apply(request: Request): Promise<{ kind: string } | null> {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const runtime = getRuntime();
  const verified = verifyUnsubscribeToken(runtime.authSecret, token);
  if (!verified) return null;
  return (await unsubscribe(runtime.database.db, verified.accountId, verified.kind)) ? { kind: verified.kind } : null;
}

export async function GET(request: Request) {
  const done = await apply(request);
  const target = done ? `/notifications/preferences?unsubscribed=${done.kind}` : "/notifications/preferences?unsubscribed=invalid";
  return new Response(null, { status: 303, headers: { location: target } });
}

export async function POST(request: Request) {
  const done = await apply(request);
  return new Response(done ? "unsubscribed" : "invalid link", { status: done ? 200 : 400 });
}
