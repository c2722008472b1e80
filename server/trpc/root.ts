import { createCallerFactory, router } from "./init";
import { accountRouter } from "./routers/account";
import { invitationsRouter } from "./routers/invitations";
import { referenceRouter } from "./routers/reference";

export const appRouter = router({
  account: accountRouter,
  invitations: invitationsRouter,
  reference: referenceRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
