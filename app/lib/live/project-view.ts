import type { LiveEvent } from "@/server/events/contract";
import type { PublishedProjectText } from "@/server/features/projects/events";
import {
  isOpenForComments,
  viewerPermissions,
  type ProjectAction,
  type ProjectStatus,
} from "@/server/features/projects/rules/project-lifecycle";
import type { Role } from "@/shared/vocabulary";

/** What of a project's page (projects.get) its stream's events change. */
export interface LiveProject {
  headSeq: number;
  status: ProjectStatus;
  version: number;
  statusChangedAt: Date;
  submittedAt: Date | null;
  commentsOpen: boolean;
  viewer: {
    isProposer: boolean;
    coauthorStatus: string | null;
    canEdit: boolean;
    canInvite: boolean;
    allowedActions: ProjectAction[];
  };
}

/** The fields an edit of regions changes beyond its text: which partner regions still lack a co-proposer. */
const regionFields = new Set(["leadRegionId", "partnerRegionIds"]);

/**
 * Applies one event of a project's stream (`project:<id>`) to its page's cached read. Pure and
 * seq-guarded by the head the read came with. An edit carries the project's text, a status change its
 * new status, from which the rules give what the viewer may now do; `versions` says the version list
 * grew. What is per reader (co-proposers' invitations, a hidden project's text for its authors) and an
 * event from before payloads carried the state are read again.
 */
export function applyProjectEvent<P extends LiveProject>(
  project: P,
  event: LiveEvent,
  viewerRole: Role | null,
): { project: P; refetch: boolean; versions: boolean } {
  if (event.seq <= project.headSeq) return { project, refetch: false, versions: false };
  const moved = { ...project, headSeq: event.seq };
  const unchanged = { project: moved, refetch: false, versions: false };
  const readAgain = { project: moved, refetch: true, versions: false };
  switch (event.type) {
    case "project:updated": {
      const { project: text, fields, version } = event.payload;
      const versions = version !== project.version;
      if (!text || fields.some((field) => regionFields.has(field))) return { ...readAgain, versions };
      return { project: { ...moved, ...projectTextFromEvent(text) }, refetch: false, versions };
    }
    case "project:status-changed": {
      const { to, at, submittedAt } = event.payload;
      if (at === undefined || submittedAt === undefined) return readAgain;
      return {
        project: {
          ...moved,
          status: to,
          statusChangedAt: new Date(at),
          submittedAt: submittedAt === null ? null : new Date(submittedAt),
          commentsOpen: isOpenForComments(to),
          viewer: { ...project.viewer, ...viewerPermissions(to, project.viewer, viewerRole) },
        },
        refetch: false,
        versions: false,
      };
    }
    // Who is invited and a hidden project's text depend on the reader.
    case "coauthor:invited":
    case "coauthor:responded":
    case "project:hidden":
    case "project:restored":
      return readAgain;
    default:
      return unchanged;
  }
}

/** An edit's text as the page reads it: dates as Dates. */
function projectTextFromEvent(text: PublishedProjectText) {
  return { ...text, editedAt: new Date(text.editedAt), updatedAt: new Date(text.updatedAt) };
}

/**
 * The page an action of the reader's own answered with, against the one held: the answer is read
 * after the action committed, but an event applied meanwhile may have moved the held page past it,
 * so the newer of the two (by stream head) is kept.
 */
export function newerProjectRead<P extends { headSeq: number }>(held: P | undefined, answer: P): P {
  return held !== undefined && held.headSeq >= answer.headSeq ? held : answer;
}

/**
 * Whether a read-again that an event asked for while the reader's own actions were in flight is still
 * needed once they settled: only when the page held is older than the latest such event (an action's
 * answer, read after its commit, already holds what its own events changed for this reader).
 */
export function stillNeedsRead(held: { headSeq: number } | undefined, deferredSeq: number): boolean {
  return deferredSeq > 0 && (held === undefined || held.headSeq < deferredSeq);
}
