import type { AttachmentView, ParentRef } from "./contract";

/**
 * A file added (or a new version of one) on a project's or a meeting's stream, which already carry
 * that parent's visibility; the panel puts the attachment into its list.
 */
export interface AttachmentEvents {
  "attachment:added": { parent: ParentRef; attachment: AttachmentView };
}
