import { eq } from "drizzle-orm";
import type { z } from "zod";
import { opinionMaps, opinionStatements, topics } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { addComment } from "@/server/features/deliberation";
import type { ServiceDeps } from "@/server/infra/deps";
import { createTopic } from "@/server/features/deliberation";
import { limits } from "@/shared/vocabulary";
import type { promoteInput } from "./contract";
import { loadVisibleRound } from "./round-access";
import { readStoredMap } from "./rules/map-codec";
import { isConsensus } from "./rules/round-rules";

const percent = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)} %`);

/**
 * "Propose as a measure / add to the meeting pack": a consensus statement becomes a topic in the
 * round's forum, or an amendment comment on one of the forum's measures in the round's topic. Both
 * go through the deliberation use-cases, so their own rules (archived forums, limits, measures) hold.
 */
export async function promoteStatement(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof promoteInput>) {
  const [statement] = await deps.db.select().from(opinionStatements).where(eq(opinionStatements.id, input.statementId));
  if (!statement || statement.state !== "visible") throw new AppError("NOT_FOUND", "That statement does not exist");
  const round = await loadVisibleRound(deps.db, actor, statement.roundId);
  const [stored] = await deps.db
    .select({ map: opinionMaps.map })
    .from(opinionMaps)
    .where(eq(opinionMaps.roundId, round.id));
  const stats = stored && readStoredMap(stored.map).statements.find((s) => s.id === statement.id);
  if (!stats || !isConsensus(stats))
    throw new AppError(
      "STATEMENT_NOT_CONSENSUS",
      "Only a statement every group and region agrees with can be proposed",
    );
  const evidence = [
    `> ${statement.text}`,
    "",
    `Opinion round #${round.id} — ${round.question}`,
    "",
    `- Voters: ${stats.total?.n ?? "–"}; agree ${percent(stats.total ? stats.total.agree / stats.total.n : null)}`,
    `- Group-informed consensus: ${percent(stats.groupConsensus)}; region-fair consensus: ${percent(stats.regionConsensus)}`,
    `- Lowest regional agreement: ${percent(stats.minRegionAgree)} over ${stats.regionsCounted} regions`,
  ].join("\n");
  if (input.as === "topic") {
    const title =
      statement.text.length > limits.titleMax ? `${statement.text.slice(0, limits.titleMax - 1)}…` : statement.text;
    const topic = await createTopic(deps, actor, { forumId: round.forumId, title, body: evidence });
    return { kind: "topic" as const, topicId: topic.id };
  }
  if (round.topicId === null)
    throw new AppError("BAD_MEASURE", "An amendment is proposed in a topic; this round runs on the whole forum");
  const [topic] = await deps.db.select({ threadId: topics.threadId }).from(topics).where(eq(topics.id, round.topicId));
  if (!topic) throw new AppError("NOT_FOUND", "That topic does not exist");
  const comment = await addComment(deps, actor, {
    threadId: topic.threadId,
    parentId: null,
    body: evidence,
    stance: "amendment",
    amendment: { measureId: input.measureId, proposedText: statement.text },
  });
  return { kind: "amendment" as const, topicId: round.topicId, commentId: comment.id };
}
