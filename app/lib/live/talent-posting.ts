import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationView } from "@/server/features/talent/contract";
import { allowedApplicationActions } from "@/server/features/talent/rules/application-states";
import type { ApplicationAction } from "@/shared/talent-vocabulary";

/** The reader's own application as `talent.get` shows it: the row and the steps open to the applicant. */
export type OwnApplication = ApplicationView & { actions: ApplicationAction[] };

/** What of `talent.get` the applicant's own stream changes, and the head of that stream the read came with. */
export interface LivePostingPage {
  posting: { id: number };
  mine: OwnApplication | null;
  headSeq: number;
}

/**
 * The page with `application`, the reader's own, as theirs: the steps follow from its status by the
 * rule talent.get uses. A row older than the one held (an answer arriving after the host's next step
 * came on the stream) changes nothing; another posting's application is not this page's.
 */
export function withOwnApplication<T extends LivePostingPage>(view: T, application: ApplicationView): T {
  if (application.postingId !== view.posting.id) return view;
  const held = view.mine;
  if (held && held.id !== application.id) return view;
  if (held && new Date(held.statusChangedAt) > new Date(application.statusChangedAt)) return view;
  return { ...view, mine: { ...application, actions: allowedApplicationActions(application.status, "applicant") } };
}

/**
 * Applies one event of the reader's `user:<id>` stream to a posting's page: their application's step
 * (the host's, or their own from another tab) comes with its row. The stream carries the reader's other
 * notices too, which only move the head.
 */
export function applyPostingPageEvent<T extends LivePostingPage>(
  view: T,
  event: LiveEvent,
): { view: T; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  if (event.type !== "application:changed") return { view: { ...view, headSeq }, refetch: false };
  return { view: { ...withOwnApplication(view, event.payload.application), headSeq }, refetch: false };
}

/** A posting as its page holds it, as far as opening or closing it changes it. */
export interface LivePosting {
  id: number;
  status: string;
  updatedAt: Date;
}

/**
 * The page with the posting as its host's open or close left it: `talent.setStatus` answers with the
 * posting as talent.get shows it, read in the change's transaction. An answer older than the posting
 * held (two clicks' answers arriving out of order) changes nothing; another posting's is not this page's.
 */
export function withPosting<P extends LivePosting, T extends { posting: P }>(view: T, posting: P): T {
  if (posting.id !== view.posting.id || posting.updatedAt.getTime() < view.posting.updatedAt.getTime()) return view;
  return { ...view, posting };
}
