import type { AttachmentView, ParentRef } from "@/server/features/attachments/contract";

export type UploadOutcome =
  { ok: true; attachment: AttachmentView } | { ok: false; reason: string | null; status: number };

/**
 * Sends one file to POST /api/attachments. XMLHttpRequest rather than fetch, because only it reports
 * upload progress; the body is the file itself, so the browser streams it from disk.
 */
export function uploadFile(
  parent: ParentRef,
  file: File,
  options: { attachmentId?: number; onProgress: (percent: number) => void; signal?: AbortSignal },
): Promise<UploadOutcome> {
  const query = new URLSearchParams({ kind: parent.kind, id: String(parent.id), name: file.name });
  if (options.attachmentId !== undefined) query.set("attachmentId", String(options.attachmentId));
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", `/api/attachments?${query.toString()}`);
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      const body = request.response as { attachment?: AttachmentView; error?: { reason?: string } } | null;
      if (request.status === 201 && body?.attachment) resolve({ ok: true, attachment: body.attachment });
      else resolve({ ok: false, reason: body?.error?.reason ?? null, status: request.status });
    };
    request.onerror = () => resolve({ ok: false, reason: null, status: 0 });
    request.onabort = () => resolve({ ok: false, reason: "ABORTED", status: 0 });
    options.signal?.addEventListener("abort", () => request.abort());
    request.send(file);
  });
}

/** The list with one attachment put first (added, or replaced by its new version). */
export function withAttachment(items: AttachmentView[], attachment: AttachmentView): AttachmentView[] {
  return [attachment, ...items.filter((item) => item.id !== attachment.id)];
}
