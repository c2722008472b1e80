import { AppError } from "@/server/errors";
import { meetingPackPdf } from "@/server/features/meetings/pack/pack-cache";
import { createRequestContext } from "@/server/trpc/http-context";
import { locales, type Locale } from "@/shared/vocabulary";

export const dynamic = "force-dynamic";

const notFound = () =>
  new Response("not found\n", { status: 404, headers: { "content-type": "text/plain", "cache-control": "no-store" } });

/**
 * GET /api/meetings/12/pack.pdf?lang=zh-CN|en: the meeting pack as a PDF, through the same visibility
 * rule as the pack page (a meeting the reader may not see answers 404). Without `lang`, the reader's language.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const meetingId = Number((await params).id);
  if (!Number.isSafeInteger(meetingId) || meetingId <= 0) return notFound();
  const ctx = await createRequestContext(request.headers);
  const lang = new URL(request.url).searchParams.get("lang");
  const locale: Locale = locales.find((l) => l === lang) ?? ctx.locale;
  try {
    const file = await meetingPackPdf(ctx, ctx.user, meetingId, locale);
    return new Response(new Uint8Array(file.content), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "private, no-store",
        etag: `"${file.fingerprint}"`,
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return notFound();
    throw error;
  }
}
