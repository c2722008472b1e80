import type { LiveEvent } from "@/server/events/contract";
import type { AllianceMemberView, AllianceProjectView } from "@/server/features/alliances/events";

/** What of `alliances.get` a live event can change. */
export interface LiveAllianceView {
  id: number;
  members: AllianceMemberView[];
  projects: AllianceProjectView[];
  headSeq: number;
}

/**
 * Applies one event of `alliance:<id>` to the page's data: the event carries the members and projects
 * in full, so they replace the held ones. Events at or below the data's head are already in it.
 */
export function applyAllianceEvent<T extends LiveAllianceView>(view: T, event: LiveEvent): T {
  if (event.seq <= view.headSeq) return view;
  if (event.type !== "alliance:changed" || event.payload.allianceId !== view.id) return { ...view, headSeq: event.seq };
  return { ...view, headSeq: event.seq, members: event.payload.members, projects: event.payload.projects };
}
