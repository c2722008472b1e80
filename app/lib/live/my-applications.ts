import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationView } from "@/server/features/talent/contract";
import { allowedApplicationActions } from "@/server/features/talent/rules/application-states";
import type { ApplicationAction } from "@/shared/talent-vocabulary";

/** One of the reader's own applications as `talent.myApplications` lists it: with its posting and the applicant's steps. */
export type SentApplication = ApplicationView & { posting: { id: number }; actions: ApplicationAction[] };

/** What of `talent.myApplications` the reader's own stream changes, and the head of that stream the read came with. */
export interface LiveMyApplications<Row extends SentApplication = SentApplication> {
  sent: Row[];
  headSeq: number;
}

/** Newest step first, as the read orders them. */
const newestFirst = (a: SentApplication, b: SentApplication) =>
  new Date(b.statusChangedAt).getTime() - new Date(a.statusChangedAt).getTime() || b.id - a.id;

/**
 * Applies one event of the reader's `user:<id>` stream to their "My applications" list: a step on one
 * of their applications (the host's, or their own from another tab) comes with its row, which replaces
 * the held one (its posting kept) with the applicant's next steps, in the read's order. An application
 * the list does not hold (applied for from another tab) carries no posting title: the list is read
 * again. The stream's other notices only move the head.
 */
export function applyMyApplicationsEvent<T extends LiveMyApplications>(
  view: T,
  event: LiveEvent,
): { view: T; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  if (event.type !== "application:changed") return { view: { ...view, headSeq }, refetch: false };
  const application = event.payload.application;
  const held = view.sent.find((row) => row.id === application.id);
  if (!held) return { view, refetch: true };
  // A row older than the one held (a step answered here before its event came) changes nothing.
  if (new Date(held.statusChangedAt) > new Date(application.statusChangedAt))
    return { view: { ...view, headSeq }, refetch: false };
  const next = { ...held, ...application, actions: allowedApplicationActions(application.status, "applicant") };
  const sent = view.sent.map((row) => (row.id === application.id ? next : row)).sort(newestFirst);
  return { view: { ...view, sent, headSeq }, refetch: false };
}
