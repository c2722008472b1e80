import type { Role } from "@/shared/vocabulary";
import type { ExpertiseVisibility } from "@/shared/talent-vocabulary";
import type { ApplicationActor } from "./application-states";

export type Viewer = { id: number; role: Role } | null;

/**
 * Who may see and act on talent objects: one rule each, used by every read path (get, lists, CSV,
 * live stream, notifications). An application is private to its applicant and the posting's host
 * (the person who posted it), and admins; to anyone else it does not exist.
 */
export function canSeeApplication(facts: { applicantId: number; hostId: number }, viewer: Viewer): boolean {
  if (!viewer) return false;
  return viewer.role === "admin" || viewer.id === facts.applicantId || viewer.id === facts.hostId;
}

/** The side the viewer acts for; an admin acts as the host, except on their own application. */
export function actorOf(facts: { applicantId: number; hostId: number }, viewer: Viewer): ApplicationActor | null {
  if (!viewer) return null;
  if (viewer.id === facts.applicantId) return "applicant";
  if (viewer.id === facts.hostId || viewer.role === "admin") return "host";
  return null;
}

/** The host's pipeline (every application to a posting, its CSV and live stream): the host and admins. */
export function canManagePosting(facts: { hostId: number }, viewer: Viewer): boolean {
  return viewer !== null && (viewer.role === "admin" || viewer.id === facts.hostId);
}

/** An expertise profile as far as its owner opted in; the owner and admins always see it. */
export function canSeeExpertise(
  facts: { accountId: number; visibility: ExpertiseVisibility },
  viewer: Viewer,
): boolean {
  if (viewer && (viewer.id === facts.accountId || viewer.role === "admin")) return true;
  if (facts.visibility === "public") return true;
  return facts.visibility === "participants" && viewer !== null;
}
