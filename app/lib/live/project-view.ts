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
 * The page after an action of the reader's own answered. `staleSince` is the latest seq of an event
 * that asked for a read while the reader's actions were in flight: the held page moved its head past
 * it without its change. The answer, read after the action committed, replaces the held page when it
 * is at least as new; the held page, newer, stays (an event applied meanwhile). What is returned as
 * `staleSince` is what the page still lacks: 0 once the answer covers it.
 */
export function settleOwnAction<P extends { headSeq: number }>(
  held: P | undefined,
  answer: P | null | undefined,
  staleSince: number,
): { page: P | undefined; staleSince: number } {
  if (answer && (held === undefined || answer.headSeq >= held.headSeq))
    return { page: answer, staleSince: staleSince > answer.headSeq ? staleSince : 0 };
  return { page: held, staleSince };
}
