import type { Db, Tx } from "@/db/client";
import { streamKey, type StreamKey } from "@/server/domain/stream-access";
import { loadVisibleProject, type Viewer } from "@/server/features/access";
import { loadVisibleAchievement } from "@/server/features/achievements";
import { loadVisibleMilestone } from "@/server/features/fund";
import { readableMeeting } from "@/server/features/meetings";
import { mayRunMeetings } from "@/server/features/meetings/rules";
import type { ParentRef } from "./contract";

export interface ParentAccess {
  /** Who may add files and versions: whoever may change the parent itself. */
  canUpload: boolean;
  /** The live stream whose visibility is the parent's; null for parents without one. */
  stream: StreamKey | null;
}

/**
 * The parent as `viewer` may see it, through its own feature's visibility rule, or NOT_FOUND exactly
 * when that feature's page would answer not found: a hidden parent's files do not reveal it exists.
 */
export async function parentAccess(db: Db | Tx, viewer: Viewer, parent: ParentRef): Promise<ParentAccess> {
  switch (parent.kind) {
    case "project": {
      const { relation } = await loadVisibleProject(db, viewer, parent.id);
      return {
        canUpload: relation.isProposer || relation.coauthorStatus === "accepted",
        stream: streamKey({ kind: "project", id: parent.id }),
      };
    }
    case "meeting": {
      const { actor } = await readableMeeting(db, viewer, parent.id);
      return { canUpload: mayRunMeetings(actor), stream: streamKey({ kind: "meeting", id: parent.id }) };
    }
    case "achievement": {
      const { canEdit } = await loadVisibleAchievement(db, viewer, parent.id);
      return { canUpload: canEdit, stream: null };
    }
    case "milestone": {
      const { canReport } = await loadVisibleMilestone(db, viewer, parent.id);
      return { canUpload: canReport, stream: null };
    }
  }
}
