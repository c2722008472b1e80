import type { LiveEvent } from "@/server/events/contract";
import type { PublishedBallotRow, PublishedPlan } from "@/server/features/ballots/events";

/** A plan as `ballots.plans.list` returns it to the page (dates as Date). */
export type ListedPlan = Omit<PublishedPlan, "createdAt"> & { createdAt: Date };
/** A row of `ballots.forProject` as the page holds it (dates as Date). */
export type ListedBallot = Omit<PublishedBallotRow, "openedAt" | "closesAt" | "closedAt"> & {
  openedAt: Date;
  closesAt: Date;
  closedAt: Date | null;
};

const planFrom = (plan: PublishedPlan): ListedPlan => ({ ...plan, createdAt: new Date(plan.createdAt) });
const ballotFrom = (row: PublishedBallotRow): ListedBallot => ({
  ...row,
  openedAt: new Date(row.openedAt),
  closesAt: new Date(row.closesAt),
  closedAt: row.closedAt === null ? null : new Date(row.closedAt),
});

/*
 * These lists are read apart from the project's stream head, so an event may already be in them: each
 * is applied by replacing the row of its id, and a row only moves forward (a plan once put to a vote
 * stays with its ballot, a closed ballot stays closed), so an event older than the read changes nothing.
 */

/**
 * Applies an event of `project:<id>` to the project's plans (`ballots.plans.list`), earliest first: a
 * proposed plan is added; an opened round's plans are added or marked as put to its vote. An event
 * written before payloads carried them asks for a read (`refetch`).
 */
export function applyPlansEvent(plans: ListedPlan[], event: LiveEvent): { view: ListedPlan[]; refetch: boolean } {
  const incoming =
    event.type === "plan:proposed"
      ? event.payload.plan && [event.payload.plan]
      : event.type === "ballot:opened"
        ? event.payload.plans
        : [];
  if (incoming === undefined) return { view: plans, refetch: true };
  return { view: withPlans(plans, incoming), refetch: false };
}

/**
 * Adds or replaces plans in the project's list by id (a plan once put to a vote keeps its ballot):
 * an event's, or the reader's own proposal as its mutation answered, whichever comes first.
 */
export function withPlans(plans: ListedPlan[], incoming: readonly PublishedPlan[]): ListedPlan[] {
  if (incoming.length === 0) return plans;
  const byId = new Map(plans.map((p) => [p.id, p]));
  for (const plan of incoming) {
    const held = byId.get(plan.id);
    if (held && held.ballotId !== null && plan.ballotId === null) continue;
    byId.set(plan.id, planFrom(plan));
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * Applies an event of `project:<id>` to the project's ballots (`ballots.forProject`), latest round
 * first: an opened round is added, a closed one replaced with its outcome. An event written before
 * payloads carried the row asks for a read (`refetch`).
 */
export function applyProjectBallotsEvent(
  ballots: ListedBallot[],
  event: LiveEvent,
): { view: ListedBallot[]; refetch: boolean } {
  if (event.type !== "ballot:opened" && event.type !== "ballot:closed") return { view: ballots, refetch: false };
  const row = event.payload.ballot;
  if (!row) return { view: ballots, refetch: true };
  const held = ballots.find((b) => b.id === row.id);
  if (held?.status === "closed" && row.status === "open") return { view: ballots, refetch: false };
  const view = [...ballots.filter((b) => b.id !== row.id), ballotFrom(row)].sort((a, b) => b.round - a.round);
  return { view, refetch: false };
}
