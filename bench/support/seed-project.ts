import type { Db } from "@/db/client";
import { createRecordingPublisher } from "@/server/infra/realtime/publisher";
import type { ServiceDeps } from "@/server/infra/deps";
import { createMemoryRateLimitStore } from "@/server/infra/rate-limit";
import { callerFor } from "@/server/testing/fixtures";
import { ballotProject, ballotSettings } from "@/server/testing/ballots";

export interface SeededProject {
  projectId: number;
  title: string;
  coauthors: number;
  versions: number;
  plans: number;
}

/**
 * A project as its page usually shows one: three regions, a co-proposer in each partner region, two
 * edits after submission (three versions), three benefit plans and an open roll-call ballot. Written
 * through the use-cases, so every row is what the app itself writes.
 */
export async function seedBallotProject(db: Db): Promise<SeededProject> {
  const deps: ServiceDeps = {
    db,
    publisher: createRecordingPublisher(),
    now: () => new Date(),
    inviteTtlHours: 72,
    // Edits count against a per-person limit, as over HTTP.
    rateLimits: createMemoryRateLimitStore(),
  };
  const project = await ballotProject(deps, { members: [4, 3, 3], plans: 3 });
  const asProposer = callerFor(deps, project.proposer.user);
  const title = "粤港澳联合中试平台：先进封装与测试 Joint pilot platform for advanced packaging and test";
  await asProposer.projects.update({ projectId: project.projectId, title });
  await asProposer.projects.update({
    projectId: project.projectId,
    body: "## 计划 Plan\n\n深圳负责设计，东莞负责封装与测试；**成果按投入比例共享**。\n\nShenzhen designs, Dongguan packages and tests; results are shared in proportion to what each region puts in.",
  });
  const chair = project.members[0]![0]!;
  await callerFor(deps, chair.user).ballots.open(
    ballotSettings(project.projectId, { visibility: "roll_call", showRunningTallies: true }),
  );
  return {
    projectId: project.projectId,
    title,
    coauthors: project.coauthors.length,
    versions: 3,
    plans: project.planIds.length,
  };
}
