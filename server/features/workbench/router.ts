import { myWork } from "./my-work";
import { router, signedInProcedure } from "@/server/trpc/init";

/** The workbench (the home page) of a signed-in person. */
export const workbenchRouter = router({
  myWork: signedInProcedure.query(({ ctx }) => myWork(ctx, ctx.user)),
});
