import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments, attachmentVersions } from "@/db/schema";
import { defaultAttachmentMaxBytes } from "@/shared/attachment-vocabulary";
import { AppError } from "@/server/errors";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { storageKeyFor, type FileStorage } from "@/server/infra/storage";
import { transact } from "@/server/infra/transact";
import type { Viewer } from "@/server/features/access";
import type { AttachmentList, AttachmentVersionView, AttachmentView, ParentRef, UploadInput } from "./contract";
import { parentAccess } from "./parents";
import type { ReceivedFile } from "./receive-file";
import { cleanFileName, servingHeaders } from "./rules/serving";
import { attachmentsOf, versionsOf } from "./views";

const notFound = () => new AppError("NOT_FOUND", "That file does not exist");
const forbidden = () => new AppError("ATTACHMENT_FORBIDDEN", "Only those who may change this page can add files to it");

export function storageOf(deps: Pick<ServiceDeps, "storage">): FileStorage {
  if (!deps.storage) throw new Error("No file storage is configured");
  return deps.storage;
}

/** Refuses an upload before its body is read: the parent must exist for the caller and be theirs to change. */
export async function assertMayUpload(deps: Pick<ServiceDeps, "db">, user: SessionUser, parent: ParentRef) {
  if (!(await parentAccess(deps.db, user, parent)).canUpload) throw forbidden();
}

/**
 * Stores a received file and records it as a new attachment, or as the next version of one of the
 * parent's attachments. The bytes are stored first (under their hash, so a retry stores nothing twice);
 * the rows and the live event are committed together, and only then does the caller answer.
 */
export async function uploadAttachment(
  deps: ServiceDeps,
  user: SessionUser,
  input: UploadInput,
  file: Pick<ReceivedFile, "path" | "size" | "sha256" | "type">,
): Promise<AttachmentView> {
  const key = storageKeyFor(file.sha256);
  await storageOf(deps).put(key, file.path, file.sha256);
  const name = cleanFileName(input.name);
  return transact(deps, async (tx, emit) => {
    const access = await parentAccess(tx, user, input.parent);
    if (!access.canUpload) throw forbidden();
    let attachmentId: number;
    let version = 1;
    if (input.attachmentId === undefined) {
      const [row] = await tx
        .insert(attachments)
        .values({
          parentKind: input.parent.kind,
          parentId: input.parent.id,
          name,
          type: file.type,
          createdById: user.id,
        })
        .returning({ id: attachments.id });
      attachmentId = row!.id;
    } else {
      const [existing] = await tx
        .select()
        .from(attachments)
        .where(
          and(
            eq(attachments.id, input.attachmentId),
            eq(attachments.parentKind, input.parent.kind),
            eq(attachments.parentId, input.parent.id),
          ),
        )
        .for("update");
      if (!existing) throw notFound();
      attachmentId = existing.id;
      version = existing.latestVersion + 1;
      await tx
        .update(attachments)
        .set({ name, type: file.type, latestVersion: version, updatedAt: new Date() })
        .where(eq(attachments.id, attachmentId));
    }
    await tx.insert(attachmentVersions).values({
      attachmentId,
      version,
      name,
      type: file.type,
      sizeBytes: file.size,
      sha256: file.sha256,
      storageKey: key,
      uploadedById: user.id,
    });
    const [view] = await attachmentsOf(tx, input.parent, attachmentId);
    if (access.stream) await emit(access.stream, "attachment:added", { parent: input.parent, attachment: view! });
    return view!;
  });
}

export async function listAttachments(
  deps: Pick<ServiceDeps, "db" | "attachmentMaxBytes">,
  viewer: Viewer,
  parent: ParentRef,
): Promise<AttachmentList> {
  const access = await parentAccess(deps.db, viewer, parent);
  return {
    items: await attachmentsOf(deps.db, parent),
    canUpload: access.canUpload,
    maxBytes: deps.attachmentMaxBytes ?? defaultAttachmentMaxBytes,
  };
}

/** An attachment if the viewer may see its parent; NOT_FOUND otherwise, as for the parent itself. */
async function visibleAttachment(db: Db, viewer: Viewer, attachmentId: number) {
  const [attachment] = await db.select().from(attachments).where(eq(attachments.id, attachmentId));
  if (!attachment) throw notFound();
  await parentAccess(db, viewer, { kind: attachment.parentKind, id: attachment.parentId });
  return attachment;
}

export async function listVersions(
  deps: Pick<ServiceDeps, "db">,
  viewer: Viewer,
  attachmentId: number,
): Promise<{ id: number; name: string; versions: AttachmentVersionView[] }> {
  const attachment = await visibleAttachment(deps.db, viewer, attachmentId);
  return { id: attachment.id, name: attachment.name, versions: await versionsOf(deps.db, attachment.id) };
}

/**
 * One version's bytes and the headers to serve them with, after the parent's visibility rule: the
 * same answer (not found) for a missing file as for one on a page the viewer may not see.
 */
export async function openAttachment(
  deps: Pick<ServiceDeps, "db" | "storage">,
  viewer: Viewer,
  input: { attachmentId: number; version?: number; download: boolean },
) {
  const attachment = await visibleAttachment(deps.db, viewer, input.attachmentId);
  const [version] = await deps.db
    .select()
    .from(attachmentVersions)
    .where(
      and(
        eq(attachmentVersions.attachmentId, attachment.id),
        eq(attachmentVersions.version, input.version ?? attachment.latestVersion),
      ),
    );
  if (!version) throw notFound();
  const body = await storageOf(deps).read(version.storageKey);
  if (!body) throw new Error(`Attachment ${attachment.id} v${version.version}: bytes missing from storage`);
  return { body, headers: servingHeaders(version, input.download) };
}
