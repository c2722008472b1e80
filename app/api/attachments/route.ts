import { ZodError } from "zod";
import { AppError } from "@/server/errors";
import { assertMayUpload, receiveFile, uploadAttachment } from "@/server/features/attachments";
import { uploadInput } from "@/server/features/attachments/contract";
import { createRequestContext } from "@/server/trpc/http-context";

export const dynamic = "force-dynamic";

const statusOf: Record<string, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
};

function refusal(status: number, reason: string, message: string) {
  return Response.json({ error: { reason, message } }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * POST /api/attachments?kind=project&id=7&name=plan.pdf[&attachmentId=3] with the file as the body.
 * The caller and the parent are checked before a byte is read; the body is streamed to disk under the
 * size cap, its type sniffed, and the rows committed before the answer (the new attachment) is sent.
 */
export async function POST(request: Request) {
  const ctx = await createRequestContext(request.headers);
  if (!ctx.user) return refusal(401, "NOT_SIGNED_IN", "Sign in to attach files");
  const query = new URL(request.url).searchParams;
  const attachmentId = query.get("attachmentId");
  let input;
  try {
    input = uploadInput.parse({
      parent: { kind: query.get("kind"), id: Number(query.get("id")) },
      name: query.get("name") ?? "",
      attachmentId: attachmentId === null ? undefined : Number(attachmentId),
    });
  } catch (error) {
    if (error instanceof ZodError) return refusal(400, "BAD_REQUEST", "Name the page and the file");
    throw error;
  }
  const maxBytes = ctx.attachmentMaxBytes ?? 0;
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes)
    return refusal(413, "ATTACHMENT_TOO_LARGE", "The file is too large");
  let file;
  try {
    await assertMayUpload(ctx, ctx.user, input.parent);
    file = await receiveFile(request.body, maxBytes);
    const attachment = await uploadAttachment(ctx, ctx.user, input, file);
    return Response.json({ attachment }, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof AppError)
      return refusal(
        error.reason === "ATTACHMENT_TOO_LARGE" ? 413 : (statusOf[error.code] ?? 400),
        error.reason,
        error.message,
      );
    throw error;
  } finally {
    await file?.discard();
  }
}
