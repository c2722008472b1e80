import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationView } from "@/server/features/talent/contract";
import { allowedApplicationActions } from "@/server/features/talent/rules/application-states";
import type { ApplicationAction } from "@/shared/talent-vocabulary";

/** A row of the host's pipeline: the application and the steps open to the host. */
export type PipelineRow = ApplicationView & { actions: ApplicationAction[] };

/** The host's pipeline as `talent.pipeline` returns it: rows with the host's next steps, and the stream head. */
export interface LivePipeline {
  applications: PipelineRow[];
  headSeq: number;
}

/**
 * The pipeline with `application` in its place (a new one appended): the host's next steps follow from
 * its status by the rule talent.pipeline uses, so neither a step of the host's own nor one from the
 * stream needs a read. A row older than the one held (the host's answer arriving after the applicant's
 * next step came on the stream) changes nothing.
 */
export function withApplication<T extends LivePipeline>(view: T, application: ApplicationView): T {
  const held = view.applications.find((a) => a.id === application.id);
  if (held && new Date(held.statusChangedAt) > new Date(application.statusChangedAt)) return view;
  const row: PipelineRow = { ...application, actions: allowedApplicationActions(application.status, "host") };
  const known = held !== undefined;
  const applications = known
    ? view.applications.map((a) => (a.id === application.id ? row : a))
    : [...view.applications, row];
  return { ...view, applications };
}

/**
 * Applies one event of `posting:<id>` to the pipeline the host's page holds. The event carries the
 * whole row; seq-guarded by the head the read came with, so a replay changes nothing.
 */
export function applyPipelineEvent<T extends LivePipeline>(view: T, event: LiveEvent): { view: T; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  if (event.type !== "application:changed") return { view: { ...view, headSeq }, refetch: false };
  return { view: { ...withApplication(view, event.payload.application), headSeq }, refetch: false };
}
