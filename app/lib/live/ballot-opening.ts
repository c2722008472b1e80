import type { LiveEvent } from "@/server/events/contract";
import type { Applied } from "./ballot-view";

/** What of `ballots.opening` the project's stream changes: the pending consents, and the head the read came with. */
export interface LiveOpening {
  consents: Array<{ regionId: number; givenAt: Date; by: { id: number; displayName: string } }>;
  headSeq: number;
}

/** Edits that move the project's regions, and with them who may consent for which (the reader's own part). */
const regionFields = new Set(["leadRegionId", "partnerRegionIds"]);

/**
 * Applies one event of `project:<id>` to the opening panel's read. A consent carries the pending list
 * after it; an opened ballot takes them all, leaving none pending. Seq-guarded like the project page.
 */
export function applyOpeningEvent<T extends LiveOpening>(view: T, event: LiveEvent): Applied<T> {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  switch (event.type) {
    case "consent:changed":
      return {
        view: {
          ...view,
          headSeq,
          consents: event.payload.consents.map((c) => ({ ...c, givenAt: new Date(c.givenAt) })),
        },
        refetch: false,
      };
    case "ballot:opened":
      return { view: { ...view, headSeq, consents: [] }, refetch: false };
    case "project:updated":
      return { view: { ...view, headSeq }, refetch: event.payload.fields.some((f) => regionFields.has(f)) };
    default:
      return { view: { ...view, headSeq }, refetch: false };
  }
}

/** A read made after a commit (the consent's answer) replaces the held one unless events already took it further. */
export const newerOpening = <T extends LiveOpening>(held: T | undefined, read: T): T =>
  held && held.headSeq > read.headSeq ? held : read;
