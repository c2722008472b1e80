import type { LiveEvent } from "@/server/events/contract";
import type { ProjectStatus } from "@/server/features/projects/rules/project-lifecycle";

/** What of a listed project (projects.list) the `projects` stream's events change. */
export interface ListedProject {
  id: number;
  status: ProjectStatus;
  statusChangedAt: Date;
  submittedAt: Date | null;
}

/**
 * Applies one event of the public `projects` stream to a cached projects list (its pages). A status
 * change of a listed project is applied in place (or takes it out of a list filtered by another
 * status); applying it twice changes nothing. Status orders no list, so a project not loaded is read
 * again only when it may now enter: newly submitted, or now of the status the list is filtered by.
 * Hiding depends on the reader (its authors still list it) and a restored project's row is not in
 * its event: those are read again when they concern the list.
 */
export function applyProjectListEvent<T extends ListedProject, P extends { items: T[] }>(
  pages: P[],
  statusFilter: ProjectStatus | null,
  event: LiveEvent,
): { pages: P[]; refetch: boolean } {
  const isListed = (id: number) => pages.some((page) => page.items.some((p) => p.id === id));
  switch (event.type) {
    case "project:status-changed": {
      const { projectId, from, to, at, submittedAt } = event.payload;
      if (!isListed(projectId)) {
        const enters = statusFilter === to || (from === "draft" && statusFilter === null);
        return { pages, refetch: enters };
      }
      if (at === undefined || submittedAt === undefined) return { pages, refetch: true };
      const leaves = statusFilter !== null && statusFilter !== to;
      const changed = (p: T): T => ({
        ...p,
        status: to,
        statusChangedAt: new Date(at),
        submittedAt: submittedAt === null ? null : new Date(submittedAt),
      });
      return {
        pages: pages.map((page) =>
          page.items.some((p) => p.id === projectId)
            ? {
                ...page,
                items: leaves
                  ? page.items.filter((p) => p.id !== projectId)
                  : page.items.map((p) => (p.id === projectId ? changed(p) : p)),
              }
            : page,
        ),
        refetch: false,
      };
    }
    case "project:hidden":
      return { pages, refetch: event.payload.targetKind === "project" && isListed(event.payload.targetId) };
    case "project:restored":
      return { pages, refetch: event.payload.targetKind === "project" };
    default:
      return { pages, refetch: false };
  }
}
