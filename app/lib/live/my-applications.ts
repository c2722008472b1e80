import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationPosting, ApplicationView, HostedPosting } from "@/server/features/talent/contract";
import { allowedApplicationActions } from "@/server/features/talent/rules/application-states";
import type { ApplicationAction } from "@/shared/talent-vocabulary";
import { upsertInOrder } from "./keyed-list";

/** An application as `talent.myApplications` lists it: with its posting and the reader's steps on it. */
export type ListedApplication = ApplicationView & { posting: ApplicationPosting; actions: ApplicationAction[] };

/** The reader's side of an application: their own (sent) or one to a posting they host (received). */
export type ListSide = "applicant" | "host";

/** `talent.myApplications`, and the head of the reader's own stream the read came with. */
export interface LiveMyApplications {
  sent: ListedApplication[];
  received: ListedApplication[];
  headSeq: number;
}

/** Newest step first, as the read orders them. */
const newestFirst = (a: ApplicationView, b: ApplicationView) =>
  new Date(b.statusChangedAt).getTime() - new Date(a.statusChangedAt).getTime() || b.id - a.id;

const listOf = (side: ListSide) => (side === "applicant" ? "sent" : "received");

/**
 * The list with `application` on the reader's `side`, as the read would list it: the row replaces the
 * held one (or comes in, when its posting is given) with the reader's steps, in the read's order. A row
 * older than the one held (an own step answered after the other side's next step came on the stream)
 * changes nothing; without a posting a row not held stays out.
 */
export function withListedApplication<T extends LiveMyApplications>(
  view: T,
  side: ListSide,
  application: ApplicationView,
  posting?: ApplicationPosting,
): T {
  const list = view[listOf(side)];
  const held = list.find((row) => row.id === application.id);
  if (held && new Date(held.statusChangedAt) > new Date(application.statusChangedAt)) return view;
  const placed = held?.posting ?? posting;
  if (!placed) return view;
  const row: ListedApplication = {
    ...application,
    posting: placed,
    actions: allowedApplicationActions(application.status, side),
  };
  const next = [...list.filter((r) => r.id !== application.id), row].sort(newestFirst);
  return side === "applicant" ? { ...view, sent: next } : { ...view, received: next };
}

/**
 * Applies one event of the reader's `user:<id>` stream to their "My applications": a change to one of
 * their own applications (the host's step, or theirs from another tab) comes as `application:changed`,
 * one to an application to a posting they host (a new one, a step by either side) as
 * `application:received`; each with its row and posting. The stream's other notices only move the head.
 */
export function applyMyApplicationsEvent<T extends LiveMyApplications>(
  view: T,
  event: LiveEvent,
): { view: T; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  if (event.type === "application:changed" || event.type === "application:received") {
    const side = event.type === "application:changed" ? "applicant" : "host";
    const { application, posting } = event.payload;
    return { view: { ...withListedApplication(view, side, application, posting), headSeq }, refetch: false };
  }
  return { view: { ...view, headSeq }, refetch: false };
}

/** A posting in the host's "My postings", with its count of applications under way. */
export type MyPosting = HostedPosting & { activeApplications: number };

/** `talent.myPostings`: the reader's postings with their counts of applications under way, at their stream's head. */
export interface LiveMyPostings {
  postings: MyPosting[];
  headSeq: number;
}

/** Newest posting first, as the read orders them. */
const newestPostingFirst = (a: HostedPosting, b: HostedPosting) =>
  b.createdAt.localeCompare(a.createdAt) || b.id - a.id;

/**
 * Applies one event of the host's own stream to their postings: a change to an application comes with
 * its posting's count after it; a posting created, opened or closed (in another tab, or by an admin)
 * with its row, which keeps the count held (a new posting has none yet). A count for a posting not held
 * (an event from before the postings carried their rows) is read again.
 */
export function applyMyPostingsEvent(
  view: LiveMyPostings,
  event: LiveEvent,
): { view: LiveMyPostings; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  if (event.type === "posting:changed") {
    const { posting } = event.payload;
    const activeApplications = view.postings.find((p) => p.id === posting.id)?.activeApplications ?? 0;
    const postings = upsertInOrder(view.postings, { ...posting, activeApplications }, newestPostingFirst);
    return { view: { ...view, postings, headSeq }, refetch: false };
  }
  if (event.type !== "application:received") return { view: { ...view, headSeq }, refetch: false };
  const { postingId, activeApplications } = event.payload;
  if (!view.postings.some((p) => p.id === postingId)) return { view, refetch: true };
  const postings = view.postings.map((p) => (p.id === postingId ? { ...p, activeApplications } : p));
  return { view: { ...view, postings, headSeq }, refetch: false };
}
