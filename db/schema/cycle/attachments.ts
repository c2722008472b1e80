import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { attachmentParentKinds, attachmentTypeKeys, type AttachmentType } from "@/shared/attachment-vocabulary";
import { accounts } from "../core/accounts";

export const attachmentParentKindEnum = pgEnum("attachment_parent_kind", attachmentParentKinds);
export const attachmentTypeEnum = pgEnum(
  "attachment_type",
  attachmentTypeKeys as [AttachmentType, ...AttachmentType[]],
);

/**
 * A file on a project, meeting, achievement or milestone. The parent is named by kind and id (its
 * rows belong to other features, and each kind's access rule is asked through that feature); the
 * bytes of every version are in `attachment_versions`, and the newest is `latest_version`.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: serial("id").primaryKey(),
    parentKind: attachmentParentKindEnum("parent_kind").notNull(),
    parentId: integer("parent_id").notNull(),
    name: text("name").notNull(),
    type: attachmentTypeEnum("type").notNull(),
    latestVersion: integer("latest_version").notNull().default(1),
    createdById: integer("created_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("attachments_parent_idx").on(table.parentKind, table.parentId, table.id),
    check("attachments_version_positive", sql`${table.latestVersion} >= 1`),
  ],
);
export type Attachment = typeof attachments.$inferSelect;

/** Every version ever uploaded is kept; `storage_key` names its bytes in the file store. */
export const attachmentVersions = pgTable(
  "attachment_versions",
  {
    id: serial("id").primaryKey(),
    attachmentId: integer("attachment_id")
      .notNull()
      .references(() => attachments.id),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    type: attachmentTypeEnum("type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    uploadedById: integer("uploaded_by_id")
      .notNull()
      .references(() => accounts.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("attachment_versions_attachment_version_idx").on(table.attachmentId, table.version),
    check("attachment_versions_size_positive", sql`${table.sizeBytes} > 0`),
  ],
);
export type AttachmentVersion = typeof attachmentVersions.$inferSelect;
