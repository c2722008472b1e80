import { AppError } from "@/server/errors";
import { openAttachment } from "@/server/features/attachments";
import { downloadInput } from "@/server/features/attachments/contract";
import { createRequestContext } from "@/server/trpc/http-context";

export const dynamic = "force-dynamic";

const notFound = () =>
  new Response("not found\n", { status: 404, headers: { "content-type": "text/plain", "cache-control": "no-store" } });

/**
 * GET /api/attachments/12[?version=2][&download=1]: one version's bytes, after the parent's own
 * visibility rule (a draft's files answer 404 to anyone who could not open the draft). PDFs and
 * images open in the browser, everything else downloads; see rules/serving.ts for the headers.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const query = new URL(request.url).searchParams;
  const version = query.get("version");
  const parsed = downloadInput.safeParse({
    attachmentId: Number((await params).id),
    version: version === null ? undefined : Number(version),
    download: query.get("download") === "1",
  });
  if (!parsed.success) return notFound();
  const ctx = await createRequestContext(request.headers);
  try {
    const file = await openAttachment(ctx, ctx.user, parsed.data);
    return new Response(file.body, { headers: file.headers });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return notFound();
    throw error;
  }
}
