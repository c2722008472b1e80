import type { RouterOutputs } from "../../lib/router-types";

/** A project as the page reads it; its own module so the panels can name it without importing the view. */
export type Project = RouterOutputs["projects"]["get"];
