import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationView } from "@/server/features/talent/contract";

/** The host's pipeline as `talent.pipeline` returns it: rows with the host's next steps, and the stream head. */
export interface LivePipeline<Row extends ApplicationView> {
  applications: Row[];
  headSeq: number;
}

/**
 * Applies one event of `posting:<id>` to the pipeline the host's page holds. The event carries the
 * whole row, so a known application is replaced and a new one appended; the steps open to the host
 * depend on the status, so a changed row asks for a fresh read (`refetch`) to get them from the server.
 */
export function applyPipelineEvent<Row extends ApplicationView, T extends LivePipeline<Row>>(
  view: T,
  event: LiveEvent,
): { view: T; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  if (event.type !== "application:changed") return { view: { ...view, headSeq }, refetch: false };
  const incoming = event.payload.application;
  const known = view.applications.find((a) => a.id === incoming.id);
  const row = { ...(known ?? { actions: [] }), ...incoming } as unknown as Row;
  const applications = known
    ? view.applications.map((a) => (a.id === incoming.id ? row : a))
    : [...view.applications, row];
  return { view: { ...view, headSeq, applications }, refetch: true };
}
