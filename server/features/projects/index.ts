/** What other features and the composition root use of projects; the rest of the folder is its own. */
export { inviteCoauthor, myInvitations, respondToInvitation } from "./project-coauthors";
export { listProjects } from "./project-list";
export { applyProjectTransition, changeProjectStatus } from "./project-status";
export { createProject } from "./projects";
export { answeredWithPage } from "./project-page";
