import { and, asc, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accounts, attachments, attachmentVersions } from "@/db/schema";
import type { AttachmentVersionView, AttachmentView, ParentRef } from "./contract";

const columns = {
  id: attachments.id,
  name: attachments.name,
  type: attachments.type,
  latestVersion: attachments.latestVersion,
  sizeBytes: attachmentVersions.sizeBytes,
  uploaderId: accounts.id,
  uploaderName: accounts.displayName,
  uploadedAt: attachmentVersions.uploadedAt,
};

type Row = { [K in keyof typeof columns]: (typeof columns)[K]["_"]["data"] };

const viewOf = (row: Row): AttachmentView => ({
  id: row.id,
  name: row.name,
  type: row.type,
  latestVersion: row.latestVersion,
  sizeBytes: row.sizeBytes,
  uploadedBy: { id: row.uploaderId, displayName: row.uploaderName },
  uploadedAt: row.uploadedAt.toISOString(),
});

/** A parent's attachments, newest first, each as its latest version shows it. */
export async function attachmentsOf(db: Db | Tx, parent: ParentRef, attachmentId?: number): Promise<AttachmentView[]> {
  const rows = await db
    .select(columns)
    .from(attachments)
    .innerJoin(
      attachmentVersions,
      and(
        eq(attachmentVersions.attachmentId, attachments.id),
        eq(attachmentVersions.version, attachments.latestVersion),
      ),
    )
    .innerJoin(accounts, eq(accounts.id, attachmentVersions.uploadedById))
    .where(
      and(
        eq(attachments.parentKind, parent.kind),
        eq(attachments.parentId, parent.id),
        attachmentId === undefined ? undefined : eq(attachments.id, attachmentId),
      ),
    )
    .orderBy(desc(attachments.updatedAt), desc(attachments.id));
  return rows.map(viewOf);
}

export async function versionsOf(db: Db | Tx, attachmentId: number): Promise<AttachmentVersionView[]> {
  const rows = await db
    .select({
      version: attachmentVersions.version,
      name: attachmentVersions.name,
      type: attachmentVersions.type,
      sizeBytes: attachmentVersions.sizeBytes,
      uploaderId: accounts.id,
      uploaderName: accounts.displayName,
      uploadedAt: attachmentVersions.uploadedAt,
    })
    .from(attachmentVersions)
    .innerJoin(accounts, eq(accounts.id, attachmentVersions.uploadedById))
    .where(eq(attachmentVersions.attachmentId, attachmentId))
    .orderBy(asc(attachmentVersions.version));
  return rows.map((row) => ({
    version: row.version,
    name: row.name,
    type: row.type,
    sizeBytes: row.sizeBytes,
    uploadedBy: { id: row.uploaderId, displayName: row.uploaderName },
    uploadedAt: row.uploadedAt.toISOString(),
  }));
}
