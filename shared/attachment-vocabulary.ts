/** What an attachment may hang on: each kind's visibility and edit rule is its parent feature's. */
export const attachmentParentKinds = ["project", "meeting", "achievement", "milestone"] as const;
export type AttachmentParentKind = (typeof attachmentParentKinds)[number];

/**
 * The file types accepted, as sniffed from the bytes (never from the name). The value is the type the
 * file is served with; the key is what the panel shows and the icon it picks.
 */
export const attachmentTypes = {
  pdf: "application/pdf",
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
  csv: "text/csv",
} as const;
export type AttachmentType = keyof typeof attachmentTypes;
export const attachmentTypeKeys = Object.keys(attachmentTypes) as AttachmentType[];

export const imageTypes: readonly AttachmentType[] = ["png", "jpeg", "gif", "webp"];

/** Shown in the browser (images, PDFs); every other type is downloaded. */
export const opensInline = (type: AttachmentType): boolean => type === "pdf" || imageTypes.includes(type);

/** The default size cap; ATTACHMENT_MAX_MB changes it. */
export const defaultAttachmentMaxBytes = 20 * 1024 * 1024;
