import type { CallStatus } from "@/shared/fund-vocabulary";

/**
 * The one definition of a call's lifecycle; services ask `callTransition` before changing a status and
 * pages ask `callActions` which buttons to show.
 *
 *   draft → open → review → selection → awarded → closed
 *
 * Submissions are taken only while open (and before the deadline), reviews only in review, the
 * portfolio is decided in selection, and results are tracked from awarded on.
 */
export const callActions = ["open", "startReview", "startSelection", "award", "close"] as const;
export type CallAction = (typeof callActions)[number];

const steps: Record<CallAction, { from: CallStatus; to: CallStatus }> = {
  open: { from: "draft", to: "open" },
  startReview: { from: "open", to: "review" },
  startSelection: { from: "review", to: "selection" },
  award: { from: "selection", to: "awarded" },
  close: { from: "awarded", to: "closed" },
};

export type CallTransition = { ok: true; next: CallStatus } | { ok: false; message: string };

export function callTransition(status: CallStatus, action: CallAction): CallTransition {
  const step = steps[action];
  if (step.from !== status)
    return { ok: false, message: `A call that is ${status} cannot take the step "${action}" (it needs ${step.from})` };
  return { ok: true, next: step.to };
}

/** The one step available from `status` (the lifecycle is a line), or null at its end. */
export function nextCallAction(status: CallStatus): CallAction | null {
  return callActions.find((action) => steps[action].from === status) ?? null;
}

export function acceptsSubmissions(status: CallStatus, deadline: Date, now: Date): boolean {
  return status === "open" && now.getTime() <= deadline.getTime();
}

/** Results (milestones, disbursements, progress) belong to awarded calls; a closed call is read-only. */
export const tracksResults = (status: CallStatus) => status === "awarded";

/**
 * The one visibility rule of a call (and of what hangs on it, such as its portfolio ballots): a draft
 * exists only for the fund's managers; from open on the call is public.
 */
export const callVisible = (status: CallStatus, manager: boolean) => status !== "draft" || manager;
