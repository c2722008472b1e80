import { eq } from "drizzle-orm";
import type { z } from "zod";
import { fundMilestones } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { scheduleMilestoneNotices } from "./fund-notices";
import type { addMilestoneInput, completeMilestoneInput, moveMilestoneInput } from "./contract";
import { fundedSubmission, teamOrManager } from "./funded-submission";

export async function addMilestone(deps: ServiceDeps, actor: SessionUser, input: z.infer<typeof addMilestoneInput>) {
  return transact(deps, async (tx) => {
    const who = await fundedSubmission(tx, actor, input.submissionId);
    teamOrManager(who);
    const [row] = await tx
      .insert(fundMilestones)
      .values({
        submissionId: input.submissionId,
        title: input.title.trim(),
        deliverable: input.deliverable.trim(),
        dueOn: input.dueOn,
        createdById: actor.id,
      })
      .returning({ id: fundMilestones.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.milestone_added",
      targetType: "fund_submission",
      targetId: input.submissionId,
      after: { milestoneId: row!.id, dueOn: input.dueOn },
    });
    await scheduleMilestoneNotices(tx, { id: row!.id, dueOn: input.dueOn }, deps.now());
    return row!;
  });
}

export async function completeMilestone(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.infer<typeof completeMilestoneInput>,
) {
  return transact(deps, async (tx) => {
    const [milestone] = await tx.select().from(fundMilestones).where(eq(fundMilestones.id, input.milestoneId));
    if (!milestone) throw new AppError("NOT_FOUND", "No such milestone");
    teamOrManager(await fundedSubmission(tx, actor, milestone.submissionId));
    await tx
      .update(fundMilestones)
      .set({ doneOn: input.doneOn, evidenceUrl: input.evidenceUrl })
      .where(eq(fundMilestones.id, milestone.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.milestone_completed",
      targetType: "fund_milestone",
      targetId: milestone.id,
      before: { doneOn: milestone.doneOn },
      after: { doneOn: input.doneOn, evidenceUrl: input.evidenceUrl },
    });
    return { id: milestone.id };
  });
}

/**
 * A milestone's due day moves (the team or the fund's managers; audited with the old and new day). The
 * notices are set again for the new day; the old day's jobs find the day moved and stay silent. A done
 * milestone keeps its day, since its on-time record is what the accountability pages count.
 */
export async function moveMilestone(deps: ServiceDeps, actor: SessionUser, input: z.infer<typeof moveMilestoneInput>) {
  return transact(deps, async (tx) => {
    const [milestone] = await tx
      .select()
      .from(fundMilestones)
      .where(eq(fundMilestones.id, input.milestoneId))
      .for("update");
    if (!milestone) throw new AppError("NOT_FOUND", "No such milestone");
    teamOrManager(await fundedSubmission(tx, actor, milestone.submissionId));
    if (milestone.doneOn !== null) throw new AppError("MILESTONE_DONE", "A finished milestone keeps its due day");
    if (milestone.dueOn === input.dueOn) return { id: milestone.id, dueOn: milestone.dueOn };
    await tx.update(fundMilestones).set({ dueOn: input.dueOn }).where(eq(fundMilestones.id, milestone.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.milestone_moved",
      targetType: "fund_milestone",
      targetId: milestone.id,
      before: { dueOn: milestone.dueOn },
      after: { dueOn: input.dueOn },
    });
    await scheduleMilestoneNotices(tx, { id: milestone.id, dueOn: input.dueOn }, deps.now());
    return { id: milestone.id, dueOn: input.dueOn };
  });
}
