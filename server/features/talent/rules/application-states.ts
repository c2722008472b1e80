import type { ApplicationAction, ApplicationStatus } from "@/shared/talent-vocabulary";

/** Who acts on an application: the posting's host (or an admin in their place) or the applicant. */
export type ApplicationActor = "host" | "applicant";

/**
 * The application pipeline as one table: from a status, an action by one side leads to the next.
 * The host moves an application forward (shortlist, offer) or turns it down before an offer; the
 * applicant answers an offer (accept or decline) and may withdraw until they have accepted. After an
 * accepted exchange has taken place the host marks it completed, which is what recognition counts.
 */
const transitions: Record<
  ApplicationStatus,
  Partial<Record<ApplicationAction, Partial<Record<ApplicationActor, ApplicationStatus>>>>
> = {
  applied: {
    shortlist: { host: "shortlisted" },
    decline: { host: "declined" },
    withdraw: { applicant: "withdrawn" },
  },
  shortlisted: {
    offer: { host: "offered" },
    decline: { host: "declined" },
    withdraw: { applicant: "withdrawn" },
  },
  offered: {
    accept: { applicant: "accepted" },
    decline: { applicant: "declined" },
    withdraw: { applicant: "withdrawn" },
  },
  accepted: { complete: { host: "completed" } },
  declined: {},
  withdrawn: {},
  completed: {},
};

/** The status `action` by `actor` leads to, or null when the pipeline does not allow it. */
export function nextApplicationStatus(
  status: ApplicationStatus,
  action: ApplicationAction,
  actor: ApplicationActor,
): ApplicationStatus | null {
  return transitions[status][action]?.[actor] ?? null;
}

/** The actions `actor` may take on an application in `status` (the page shows these as buttons). */
export function allowedApplicationActions(status: ApplicationStatus, actor: ApplicationActor): ApplicationAction[] {
  return (Object.keys(transitions[status]) as ApplicationAction[]).filter(
    (action) => transitions[status][action]?.[actor] !== undefined,
  );
}

/** No action leads anywhere from these. */
export function isFinalApplicationStatus(status: ApplicationStatus): boolean {
  return Object.keys(transitions[status]).length === 0;
}

/** Still in the running: counts against the posting's places and blocks a second application. */
export function isActiveApplicationStatus(status: ApplicationStatus): boolean {
  return status === "applied" || status === "shortlisted" || status === "offered" || status === "accepted";
}
