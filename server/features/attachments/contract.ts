import { z } from "zod";
import { attachmentParentKinds, type AttachmentParentKind, type AttachmentType } from "@/shared/attachment-vocabulary";
import { idInput } from "@/server/features/accounts/contract";

export const parentInput = z.object({ kind: z.enum(attachmentParentKinds), id: idInput });
export type ParentRef = { kind: AttachmentParentKind; id: number };

export const listAttachmentsInput = z.object({ parent: parentInput });
export const attachmentIdInput = z.object({ attachmentId: idInput });

/** The upload's query string: which parent, the file's name, and the attachment it is a new version of. */
export const uploadInput = z.object({
  parent: parentInput,
  name: z.string().trim().min(1).max(255),
  attachmentId: idInput.optional(),
});
export type UploadInput = z.infer<typeof uploadInput>;

export const downloadInput = z.object({
  attachmentId: idInput,
  version: z.number().int().positive().max(1_000_000).optional(),
  download: z.boolean().default(false),
});

export interface PersonRef {
  id: number;
  displayName: string;
}

export interface AttachmentView {
  id: number;
  name: string;
  type: AttachmentType;
  latestVersion: number;
  sizeBytes: number;
  uploadedBy: PersonRef;
  uploadedAt: string;
}

export interface AttachmentVersionView {
  version: number;
  name: string;
  type: AttachmentType;
  sizeBytes: number;
  uploadedBy: PersonRef;
  uploadedAt: string;
}

export interface AttachmentList {
  items: AttachmentView[];
  canUpload: boolean;
  maxBytes: number;
}
