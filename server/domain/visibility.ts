import type { CoauthorStatus, ProjectStatus } from "@/shared/project-vocabulary";
import type { Role } from "@/shared/vocabulary";

/**
 * Who may read what: one rule per object, asked by every read path of it (page, list, search,
 * versions, diff, plans, ballots, comments, live streams). Pure, so the rule is tested once and the
 * services only gather the facts.
 *
 *   none    the object does not exist for this viewer (NOT_FOUND, so its existence does not leak)
 *   notice  it exists, but its text is withheld (hidden by a moderator; a withdrawn comment's marker)
 *   full    everything
 */
export type Visibility = "none" | "notice" | "full";

export type VisibilityViewer = { id: number; role: Role } | null;

export interface ProjectFacts {
  status: ProjectStatus;
  submittedAt: Date | null;
  hiddenAt: Date | null;
}

/**
 * The viewer's standing on a project. A co-proposer counts only while their region is still one of
 * the project's partner regions: a proposer who drops the region from a draft removes them.
 */
export interface ProjectStanding {
  isProposer: boolean;
  coauthorStatus: CoauthorStatus | null;
}

/**
 * A project is public once it has been submitted: only submission puts it before the regions. A draft
 * withdrawn before submission stays as private as the draft was.
 */
export function isSubmittedProject(project: Pick<ProjectFacts, "status" | "submittedAt">): boolean {
  return project.submittedAt !== null || (project.status !== "draft" && project.status !== "withdrawn");
}

/** Public to everyone, signed in or not: submitted and not hidden. */
export function isPublicProject(project: ProjectFacts): boolean {
  return isSubmittedProject(project) && project.hiddenAt === null;
}

/** Those who write the text: the proposer and accepted co-proposers. */
export function isProjectAuthor(standing: ProjectStanding): boolean {
  return standing.isProposer || standing.coauthorStatus === "accepted";
}

export function projectVisibility(
  project: ProjectFacts,
  viewer: VisibilityViewer,
  standing: ProjectStanding,
): Visibility {
  const author = isProjectAuthor(standing);
  // An open invitation needs the draft read to be answered; a declined one does not.
  const insider = author || standing.coauthorStatus === "invited" || viewer?.role === "admin";
  if (!isSubmittedProject(project) && !insider) return "none";
  // Hidden text stays readable by its authors only; everyone else, admins too, sees the notice.
  if (project.hiddenAt !== null && !author) return "notice";
  return "full";
}

/** Earlier versions and their diff are the text itself, so they need full visibility. */
export function projectVersionsVisible(visibility: Visibility): boolean {
  return visibility === "full";
}

export type PostState = "visible" | "held" | "hidden" | "withdrawn";

export interface PostFacts {
  state: PostState;
  authorId: number;
}

const reviews = (viewer: VisibilityViewer) => viewer?.role === "moderator" || viewer?.role === "admin";

/**
 * A post (comment or topic). Held: only its author and the moderators, until approved. Hidden: its
 * author reads it, others see the notice and the reason. Withdrawn: as `withdrawn` says.
 */
function postVisibility(post: PostFacts, viewer: VisibilityViewer, withdrawn: Visibility): Visibility {
  const author = viewer !== null && viewer.id === post.authorId;
  switch (post.state) {
    case "visible":
      return "full";
    case "held":
      return author || reviews(viewer) ? "full" : "none";
    case "hidden":
      return author ? "full" : "notice";
    case "withdrawn":
      return withdrawn;
  }
}

/** A withdrawn comment stays as a marker without text, so its replies keep their place. */
export const commentVisibility = (comment: PostFacts, viewer: VisibilityViewer): Visibility =>
  postVisibility(comment, viewer, "notice");

/** A withdrawn topic is gone for everyone. */
export const topicVisibility = (topic: PostFacts, viewer: VisibilityViewer): Visibility =>
  postVisibility(topic, viewer, "none");

/** A thread (its comments, reactions and live stream) is readable when its owner is at least a notice. */
export function threadReadable(ownerVisibility: Visibility): boolean {
  return ownerVisibility !== "none";
}
