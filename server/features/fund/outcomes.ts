import { asc, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { fundOutcomes } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { recordOutcomeInput } from "./contract";
import { fundedSubmission, teamOrManager } from "./funded-submission";

/**
 * A funded project's outcomes (#19.4), counted by type: its team or the fund's managers record them while
 * the call is awarded; audited. Achievements linked to the project are not counted here: they are a
 * separate register with their own owners, and counting both would count a patent twice.
 */
export async function recordOutcome(deps: ServiceDeps, actor: SessionUser, input: z.infer<typeof recordOutcomeInput>) {
  return transact(deps, async (tx) => {
    teamOrManager(await fundedSubmission(tx, actor, input.submissionId));
    const [row] = await tx
      .insert(fundOutcomes)
      .values({
        submissionId: input.submissionId,
        type: input.type,
        count: input.count,
        achievedOn: input.achievedOn,
        link: input.link,
        note: input.note.trim(),
        recordedById: actor.id,
        createdAt: deps.now(),
      })
      .returning({ id: fundOutcomes.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.outcome_recorded",
      targetType: "fund_submission",
      targetId: input.submissionId,
      after: { outcomeId: row!.id, type: input.type, count: input.count, achievedOn: input.achievedOn },
    });
    return row!;
  });
}

/** The outcomes of some funded proposals, oldest first; callers have checked that they are public. */
export async function outcomesOf(db: Db | Tx, submissionIds: number[]) {
  if (submissionIds.length === 0) return [];
  return db
    .select({
      id: fundOutcomes.id,
      submissionId: fundOutcomes.submissionId,
      type: fundOutcomes.type,
      count: fundOutcomes.count,
      achievedOn: fundOutcomes.achievedOn,
      link: fundOutcomes.link,
      note: fundOutcomes.note,
    })
    .from(fundOutcomes)
    .where(inArray(fundOutcomes.submissionId, submissionIds))
    .orderBy(asc(fundOutcomes.achievedOn), asc(fundOutcomes.id));
}
