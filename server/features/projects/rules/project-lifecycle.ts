import type { Role } from "@/shared/vocabulary";

/**
 * The one definition of a joint project's lifecycle. Services ask `transition` before changing a
 * project's status and pages ask `allowedActions` which buttons to show, so the rule cannot drift
 * between the two.
 *
 *   draft → submitted → voting → approved | rejected → archived
 *   draft | submitted → withdrawn
 */
import type { ProjectStatus } from "@/shared/project-vocabulary";
export { projectStatuses, type ProjectStatus } from "@/shared/project-vocabulary";

export const projectActions = ["submit", "withdraw", "openVoting", "approve", "reject", "archive"] as const;
export type ProjectAction = (typeof projectActions)[number];

/** `system` is the platform itself: the close of a ballot decides approved or rejected. */
export type LifecycleRole = Role | "system";

export interface LifecycleActor {
  role: LifecycleRole;
  /** The account that created the project. */
  isProposer: boolean;
  /** An accepted co-proposer. */
  isCoauthor: boolean;
}

export type TransitionRefusal = "INVALID_TRANSITION" | "TRANSITION_NOT_PERMITTED";

export type TransitionResult =
  { ok: true; next: ProjectStatus } | { ok: false; reason: TransitionRefusal; message: string };

interface Rule {
  from: readonly ProjectStatus[];
  to: ProjectStatus;
  may: (actor: LifecycleActor) => boolean;
  /** Who may, for the refusal message. */
  who: string;
  /** The action as a reader would say it, for messages. */
  verb: string;
}

const person = (actor: LifecycleActor) => actor.role !== "system";

const rules: Record<ProjectAction, Rule> = {
  submit: {
    from: ["draft"],
    to: "submitted",
    may: (a) => person(a) && a.isProposer,
    who: "the proposer",
    verb: "submit",
  },
  withdraw: {
    from: ["draft", "submitted"],
    to: "withdrawn",
    may: (a) => person(a) && a.isProposer,
    who: "the proposer",
    verb: "withdraw",
  },
  openVoting: {
    from: ["submitted"],
    to: "voting",
    may: (a) => a.role === "member" || a.role === "admin",
    who: "a member or an admin",
    verb: "open voting on",
  },
  approve: {
    from: ["voting"],
    to: "approved",
    may: (a) => a.role === "system",
    who: "the close of its ballot",
    verb: "approve",
  },
  reject: {
    from: ["voting"],
    to: "rejected",
    may: (a) => a.role === "system",
    who: "the close of its ballot",
    verb: "reject",
  },
  archive: {
    from: ["approved", "rejected"],
    to: "archived",
    may: (a) => a.role === "admin",
    who: "an admin",
    verb: "archive",
  },
};

const described: Record<ProjectStatus, string> = {
  draft: "still a draft",
  submitted: "submitted",
  voting: "being voted on",
  approved: "approved",
  rejected: "rejected",
  archived: "archived",
  withdrawn: "withdrawn",
};

const pastTense: Record<ProjectAction, string> = {
  submit: "submitted",
  withdraw: "withdrawn",
  openVoting: "put to a vote",
  approve: "approved",
  reject: "rejected",
  archive: "archived",
};

/**
 * What `action` by `actor` does to a project in `state`. The state is checked first: an action
 * that does not exist from here is refused naming the current state, whoever asks.
 */
export function transition(state: ProjectStatus, action: ProjectAction, actor: LifecycleActor): TransitionResult {
  const rule = rules[action];
  if (!rule.from.includes(state)) {
    return {
      ok: false,
      reason: "INVALID_TRANSITION",
      message: `This project cannot be ${pastTense[action]}: it is ${described[state]} (status "${state}"), and only ${rule.from.join(" or ")} projects can be ${pastTense[action]}`,
    };
  }
  if (!rule.may(actor)) {
    return { ok: false, reason: "TRANSITION_NOT_PERMITTED", message: `Only ${rule.who} can ${rule.verb} this project` };
  }
  return { ok: true, next: rule.to };
}

/** The actions `actor` could take now, for the page to offer. */
export function allowedActions(state: ProjectStatus, actor: LifecycleActor): ProjectAction[] {
  return projectActions.filter((action) => transition(state, action, actor).ok);
}

/**
 * What a reader may do with a project in this state: one rule for the page's read (projects.get) and for
 * the page applying a status change from its stream.
 */
export function viewerPermissions(
  state: ProjectStatus,
  viewer: { isProposer: boolean; coauthorStatus: string | null },
  role: Role | null,
): { canEdit: boolean; canInvite: boolean; allowedActions: ProjectAction[] } {
  const isCoauthor = viewer.coauthorStatus === "accepted";
  return {
    canEdit: isEditable(state) && (viewer.isProposer || isCoauthor),
    canInvite: isEditable(state) && viewer.isProposer,
    allowedActions: role ? allowedActions(state, { role, isProposer: viewer.isProposer, isCoauthor }) : [],
  };
}

/** Content (text, budget, tags, co-proposers) may change only before voting starts. */
export function isEditable(state: ProjectStatus): boolean {
  return state === "draft" || state === "submitted";
}

/** The discussion is open while the proposal is before the regions: submitted or voting. */
export function isOpenForComments(state: ProjectStatus): boolean {
  return state === "submitted" || state === "voting";
}
