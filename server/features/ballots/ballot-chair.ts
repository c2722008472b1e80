import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accounts } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { mayChairBallots } from "./rules/ballot-governance";
import { AppError } from "@/server/errors";

/**
 * Whether `actor` may open and close ballots now. Read from the account row, not the session, so an
 * admin's revocation of the chair takes effect on the next request.
 */
export async function chairsBallots(db: Db | Tx, actor: Pick<SessionUser, "id">): Promise<boolean> {
  const [row] = await db
    .select({ role: accounts.role, chair: accounts.chair })
    .from(accounts)
    .where(eq(accounts.id, actor.id));
  return row ? mayChairBallots(row) : false;
}

export async function assertChairsBallots(db: Db | Tx, actor: Pick<SessionUser, "id">): Promise<void> {
  if (!(await chairsBallots(db, actor)))
    throw new AppError(
      "NOT_BALLOT_CHAIR",
      "Only the chair of the coordination body or an admin can open and close ballots",
    );
}
