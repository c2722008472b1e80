import { attachmentTypes, opensInline, type AttachmentType } from "@/shared/attachment-vocabulary";

/** A name safe to store and show: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
    .trim()
    .slice(0, 200);
  return cleaned === "" || cleaned === "." || cleaned === ".." ? "file" : cleaned;
}

/** The extension a served file's name gets when its stored name lacks the right one. */
const extensionOf: Record<AttachmentType, string> = {
  pdf: "pdf",
  png: "png",
  jpeg: "jpg",
  gif: "gif",
  webp: "webp",
  docx: "docx",
  xlsx: "xlsx",
  pptx: "pptx",
  doc: "doc",
  xls: "xls",
  ppt: "ppt",
  csv: "csv",
};

export function downloadName(name: string, type: AttachmentType): string {
  const ext = extensionOf[type];
  return name.toLowerCase().endsWith(`.${ext}`) || (type === "jpeg" && /\.jpe?g$/i.test(name))
    ? name
    : `${name}.${ext}`;
}

/**
 * The headers a stored file is served with. The type is the sniffed one, never the uploader's; nosniff
 * stops the browser from guessing another; the CSP and sandbox keep a PDF or SVG-like payload from
 * running script in our origin; only PDFs and images open in the browser, the rest download.
 */
export function servingHeaders(file: { name: string; type: AttachmentType; sizeBytes: number }, download: boolean) {
  const name = downloadName(file.name, file.type);
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const disposition = download || !opensInline(file.type) ? "attachment" : "inline";
  const mime = attachmentTypes[file.type];
  return {
    "content-type": file.type === "csv" ? `${mime}; charset=utf-8` : mime,
    "content-length": String(file.sizeBytes),
    "content-disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "x-content-type-options": "nosniff",
    // Chrome's PDF viewer will not start in a sandboxed document, so a PDF gets the same CSP without it.
    "content-security-policy":
      file.type === "pdf"
        ? "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'"
        : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    "cross-origin-resource-policy": "same-origin",
    // The parent's visibility can change; a shared cache must never keep a private file.
    "cache-control": "private, no-store",
  };
}
