import { AppError } from "@/server/errors";
import { meetingPackPdfUnlessHeld } from "@/server/features/meetings/pack/pack-cache";
import { packKindOf } from "@/server/features/meetings/pack/pack-rules";
import { createRequestContext } from "@/server/trpc/http-context";
import { locales, type Locale } from "@/shared/vocabulary";

export const dynamic = "force-dynamic";

const notFound = () =>
  new Response("not found\n", { status: 404, headers: { "content-type": "text/plain", "cache-control": "no-store" } });

/**
 * GET /api/meetings/12/pack.pdf?kind=agenda|minutes&lang=zh-CN|en: a meeting pack as a PDF, through the
 * same visibility rule as the pack page (a meeting the reader may not see, or a minutes pack before there
 * are minutes, answers 404). Without `lang`, the reader's language; without `kind`, the agenda pack.
 * The ETag is the content's fingerprint: a reader who holds this content gets 304 and nothing is drawn.
 * It is private (the content depends on who reads) and revalidated on every use.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const meetingId = Number((await params).id);
  if (!Number.isSafeInteger(meetingId) || meetingId <= 0) return notFound();
  const ctx = await createRequestContext(request.headers);
  const query = new URL(request.url).searchParams;
  const lang = query.get("lang");
  const locale: Locale = locales.find((l) => l === lang) ?? ctx.locale;
  try {
    const file = await meetingPackPdfUnlessHeld(
      ctx,
      ctx.user,
      meetingId,
      locale,
      packKindOf(query.get("kind")),
      request.headers.get("if-none-match"),
    );
    const headers = { "cache-control": "private, no-cache", etag: file.etag };
    if (file.notModified) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(file.content), {
      headers: {
        ...headers,
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${file.filename}"`,
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return notFound();
    throw error;
  }
}
