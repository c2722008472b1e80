import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accounts, fundCalls, fundReviewers, type FundCall } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { mayChairBallots } from "@/server/features/ballots/rules/ballot-governance";
import { callVisible } from "./rules/call-lifecycle";

export type Viewer = Pick<SessionUser, "id" | "role"> | null;

/**
 * The fund's managers are the people who run the coordination body's decisions: admins and the
 * chair (read from the account row, so a revoked chair stops at the next request).
 */
export async function managesFund(db: Db | Tx, viewer: Viewer): Promise<boolean> {
  if (!viewer) return false;
  if (viewer.role === "admin") return true;
  if (viewer.role !== "member") return false;
  // Read here rather than through the ballots feature, which builds on the fund (portfolio ballots).
  const [row] = await db
    .select({ role: accounts.role, chair: accounts.chair })
    .from(accounts)
    .where(eq(accounts.id, viewer.id));
  return row ? mayChairBallots(row) : false;
}

export async function assertManagesFund(db: Db | Tx, viewer: Viewer): Promise<void> {
  if (!(await managesFund(db, viewer)))
    throw new AppError(
      "FUND_MANAGER_REQUIRED",
      "Only an admin or the chair of the coordination body can manage the fund's calls",
    );
}

export async function isReviewer(db: Db | Tx, viewer: Viewer): Promise<boolean> {
  if (!viewer) return false;
  const [row] = await db
    .select({ id: fundReviewers.accountId })
    .from(fundReviewers)
    .where(eq(fundReviewers.accountId, viewer.id));
  return row !== undefined;
}

/**
 * The one visibility rule of a call: a draft exists only for the fund's managers; from open on the
 * call is public. Every read and write path loads calls through here.
 */
export async function loadVisibleCall(
  db: Db | Tx,
  viewer: Viewer,
  callId: number,
  options: { forUpdate?: boolean } = {},
): Promise<{ call: FundCall; manager: boolean }> {
  const query = db
    .select()
    .from(fundCalls)
    .where(and(eq(fundCalls.id, callId)));
  const [call] = options.forUpdate ? await query.for("update") : await query;
  const manager = await managesFund(db, viewer);
  if (!call || !callVisible(call.status, manager)) throw new AppError("NOT_FOUND", "No such call");
  return { call, manager };
}

export function assertStage(call: FundCall, ...stages: FundCall["status"][]): void {
  if (!stages.includes(call.status))
    throw new AppError("CALL_WRONG_STAGE", `The call is ${call.status}; this needs ${stages.join(" or ")}`);
}

/** Scores become public (without reviewer names) once the portfolio is decided. */
export const scoresArePublic = (call: FundCall) => call.status === "awarded" || call.status === "closed";
