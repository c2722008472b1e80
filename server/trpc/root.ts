import { achievementsRouter } from "../features/achievements/router";
import { createCallerFactory, router } from "./init";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { ballotsRouter } from "./routers/ballots";
import { commentsRouter } from "./routers/comments";
import { forumsRouter, topicsRouter } from "./routers/forums";
import { invitationsRouter } from "./routers/invitations";
import { notificationsRouter, peopleRouter } from "./routers/notifications";
import { moderationRouter } from "./routers/moderation";
import { projectsRouter } from "./routers/projects";
import { recoveryRouter } from "./routers/recovery";
import { referenceRouter } from "./routers/reference";
import { searchRouter } from "./routers/search";
import { twoFactorRouter } from "./routers/two-factor";
import { workbenchRouter } from "./routers/workbench";

export const appRouter = router({
  account: accountRouter,
  achievements: achievementsRouter,
  admin: adminRouter,
  ballots: ballotsRouter,
  comments: commentsRouter,
  forums: forumsRouter,
  topics: topicsRouter,
  invitations: invitationsRouter,
  notifications: notificationsRouter,
  people: peopleRouter,
  moderation: moderationRouter,
  projects: projectsRouter,
  recovery: recoveryRouter,
  reference: referenceRouter,
  search: searchRouter,
  twoFactor: twoFactorRouter,
  workbench: workbenchRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
