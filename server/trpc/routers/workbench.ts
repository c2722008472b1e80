import { myWork } from "../../services/my-work";
import { router, signedInProcedure } from "../init";

/** The workbench (the home page) of a signed-in person. */
export const workbenchRouter = router({
  myWork: signedInProcedure.query(({ ctx }) => myWork(ctx, ctx.user)),
});
