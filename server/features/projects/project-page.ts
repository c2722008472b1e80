import type { Db } from "@/db/client";
import { AppError } from "@/server/errors";
import type { Viewer } from "@/server/features/access";
import { getProject } from "./projects";

/** The project page's read (projects.get): the project as `viewer` sees it, with its stream's head from the same snapshot. */
export function readProjectPage(db: Db, viewer: Viewer, projectId: number) {
  return getProject({ db }, viewer, projectId);
}

/**
 * The page as an action's actor now sees it, read after the action committed, so its head covers the
 * action's own events and the page sets it instead of reading again. Null when the actor may no
 * longer see the project (an invitee who declined a draft).
 */
async function projectPageAfterAction(db: Db, viewer: Viewer, projectId: number) {
  try {
    return await readProjectPage(db, viewer, projectId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** An action's answer with `page`: the page as its actor sees it once the action has committed. */
export async function answeredWithPage<T extends object>(
  db: Db,
  viewer: Viewer,
  projectId: number,
  action: Promise<T>,
) {
  const answer = await action;
  return { ...answer, page: await projectPageAfterAction(db, viewer, projectId) };
}
