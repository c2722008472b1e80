import {
  clusterDashboardInput,
  coauthorCandidatesInput,
  createProjectInput,
  inviteCoauthorInput,
  listProjectsInput,
  projectIdInput,
  regionDashboardInput,
  respondToInvitationInput,
  updateProjectInput,
  versionDiffInput,
} from "./contract";
import {
  coauthorCandidates,
  inviteCoauthor,
  myInvitations,
  regionsWithCoproposers,
  respondToInvitation,
} from "./project-coauthors";
import { clusterDashboard, regionDashboard } from "./project-dashboards";
import { listProjects } from "./project-list";
import { archiveProject, submitProject, withdrawProject } from "./project-status";
import { diffProjectVersions, listProjectVersions } from "./project-versions";
import { answeredWithPage, readProjectPage } from "./project-page";
import { createProject, updateProject } from "./projects";
import { adminProcedure, publicProcedure, researcherProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { countEdit } from "@/server/trpc/rate-limits";

/**
 * Joint projects. Roles are checked here; who the caller is to the project (proposer, co-proposer,
 * invitee) is checked in the services, which also hide drafts from everyone else.
 */
export const projectsRouter = router({
  list: publicProcedure.input(listProjectsInput).query(({ ctx, input }) => listProjects(ctx, ctx.user, input)),
  // With the project stream's head from the same snapshot: the page follows from it.
  get: publicProcedure
    .input(projectIdInput)
    .query(({ ctx, input }) => readProjectPage(ctx.db, ctx.user, input.projectId)),
  versions: publicProcedure
    .input(projectIdInput)
    .query(({ ctx, input }) => listProjectVersions(ctx, ctx.user, input.projectId)),
  diff: publicProcedure.input(versionDiffInput).query(({ ctx, input }) => diffProjectVersions(ctx, ctx.user, input)),
  regionDashboard: publicProcedure
    .input(regionDashboardInput)
    .query(({ ctx, input }) => regionDashboard(ctx, input.regionCode)),
  clusterDashboard: publicProcedure
    .input(clusterDashboardInput)
    .query(({ ctx, input }) => clusterDashboard(ctx, input.clusterCode)),
  myInvitations: signedInProcedure.query(({ ctx }) => myInvitations(ctx, ctx.user)),

  create: researcherProcedure
    .input(createProjectInput)
    .mutation(({ ctx, input }) => createProject(ctx, ctx.user, input)),
  update: researcherProcedure.input(updateProjectInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return updateProject(ctx, ctx.user, input);
  }),
  regionsWithCoproposers: researcherProcedure.query(({ ctx }) => regionsWithCoproposers(ctx, ctx.user)),
  coauthorCandidates: researcherProcedure
    .input(coauthorCandidatesInput)
    .query(({ ctx, input }) => coauthorCandidates(ctx, ctx.user, input)),
  // The actions the project page offers answer with the page as the actor now sees it (`page`): the
  // page sets it instead of reading again.
  inviteCoauthor: researcherProcedure
    .input(inviteCoauthorInput)
    .mutation(({ ctx, input }) =>
      answeredWithPage(ctx.db, ctx.user, input.projectId, inviteCoauthor(ctx, ctx.user, input)),
    ),
  respondToInvitation: researcherProcedure
    .input(respondToInvitationInput)
    .mutation(({ ctx, input }) =>
      answeredWithPage(ctx.db, ctx.user, input.projectId, respondToInvitation(ctx, ctx.user, input)),
    ),
  submit: researcherProcedure
    .input(projectIdInput)
    .mutation(({ ctx, input }) =>
      answeredWithPage(ctx.db, ctx.user, input.projectId, submitProject(ctx, ctx.user, input.projectId)),
    ),
  withdraw: researcherProcedure
    .input(projectIdInput)
    .mutation(({ ctx, input }) =>
      answeredWithPage(ctx.db, ctx.user, input.projectId, withdrawProject(ctx, ctx.user, input.projectId)),
    ),
  archive: adminProcedure
    .input(projectIdInput)
    .mutation(({ ctx, input }) =>
      answeredWithPage(ctx.db, ctx.user, input.projectId, archiveProject(ctx, ctx.user, input.projectId)),
    ),
});
