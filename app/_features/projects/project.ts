import type { RouterOutputs } from "../../lib/router-types";

/** A project as the page reads it; its own module so the panels can name it without importing the view. */
export type Project = RouterOutputs["projects"]["get"];

/**
 * How the page's panels report an action of the reader's own on the project: `started` before the
 * call, `settled` after it with the page its answer carried (null when the reader may no longer see
 * the project, undefined when it failed). The page sets that answer instead of reading again.
 */
export interface ProjectPageActions {
  started: () => void;
  settled: (page?: Project | null) => void;
}
