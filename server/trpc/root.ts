import { achievementsRouter } from "../features/achievements/router";
import { createCallerFactory, router } from "./init";
import { accountRouter } from "@/server/features/accounts/router";
import { adminRouter } from "@/server/features/admin/router";
import { ballotsRouter } from "@/server/features/ballots/router";
import { commentsRouter } from "@/server/features/deliberation/comments-router";
import { forumsRouter, topicsRouter } from "@/server/features/deliberation/router";
import { invitationsRouter } from "@/server/features/accounts/invitations-router";
import { notificationsRouter, peopleRouter } from "@/server/features/notifications/router";
import { moderationRouter } from "@/server/features/moderation/router";
import { projectsRouter } from "@/server/features/projects/router";
import { recoveryRouter } from "@/server/features/recovery/router";
import { referenceRouter } from "@/server/features/reference/router";
import { searchRouter } from "@/server/features/search/router";
import { twoFactorRouter } from "@/server/features/two-factor/router";
import { workbenchRouter } from "@/server/features/workbench/router";
import { outgoingRouter } from "@/server/features/outgoing/router";
import { meetingsRouter } from "@/server/features/meetings/router";
import { fundRouter } from "@/server/features/fund/router";
import { opinionsRouter } from "@/server/features/opinions/router";
import { talentRouter } from "@/server/features/talent/router";
import { alliancesRouter } from "@/server/features/alliances/router";
import { organisationsRouter } from "@/server/features/organisations/router";
import { attachmentsRouter } from "@/server/features/attachments/router";
import { openDataRouter } from "@/server/features/open-data/router";
import { ssoRouter } from "@/server/features/sso/router";
import { calendarFeedsRouter } from "@/server/features/calendar-feeds/router";

export const appRouter = router({
  account: accountRouter,
  achievements: achievementsRouter,
  alliances: alliancesRouter,
  organisations: organisationsRouter,
  admin: adminRouter,
  attachments: attachmentsRouter,
  calendarFeeds: calendarFeedsRouter,
  ballots: ballotsRouter,
  comments: commentsRouter,
  forums: forumsRouter,
  topics: topicsRouter,
  invitations: invitationsRouter,
  notifications: notificationsRouter,
  outgoing: outgoingRouter,
  opinions: opinionsRouter,
  openData: openDataRouter,
  people: peopleRouter,
  moderation: moderationRouter,
  projects: projectsRouter,
  recovery: recoveryRouter,
  reference: referenceRouter,
  search: searchRouter,
  sso: ssoRouter,
  twoFactor: twoFactorRouter,
  workbench: workbenchRouter,
  meetings: meetingsRouter,
  fund: fundRouter,
  talent: talentRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
