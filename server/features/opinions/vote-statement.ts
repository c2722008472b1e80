import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { accountOrganisationKinds, opinionParticipants, opinionStatements, opinionVotes } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { opinionVoteInput } from "./contract";
import { requestMapRefresh } from "./map-refresher";
import { ensureOpenForContributions, loadVisibleRound, statementView, type Viewer } from "./round-access";
import { nextStatement } from "./rules/round-rules";

/** The statement to vote on next, and how far the voter has come. */
async function nextFor(db: Db | Tx, voterId: number, roundId: number) {
  const candidates = await db
    .select({ id: opinionStatements.id, voteCount: opinionStatements.voteCount })
    .from(opinionStatements)
    .where(and(eq(opinionStatements.roundId, roundId), eq(opinionStatements.state, "visible")));
  const mine = await db
    .select({ statementId: opinionVotes.statementId })
    .from(opinionVotes)
    .where(and(eq(opinionVotes.roundId, roundId), eq(opinionVotes.voterId, voterId)));
  const seen = new Set(mine.map((v) => v.statementId));
  const id = nextStatement(candidates, seen, voterId);
  const [row] = id ? await db.select().from(opinionStatements).where(eq(opinionStatements.id, id)) : [];
  return {
    statement: row ? statementView(row, "full") : null,
    voted: candidates.filter((c) => seen.has(c.id)).length,
    total: candidates.length,
  };
}

export async function nextStatementFor(deps: Pick<ServiceDeps, "db">, viewer: NonNullable<Viewer>, roundId: number) {
  const round = await loadVisibleRound(deps.db, viewer, roundId);
  return { roundState: round.state, ...(await nextFor(deps.db, viewer.id, round.id)) };
}

/**
 * Records an agree / disagree / pass (changeable) and answers with the next statement to vote on.
 * The person's region and kind of organisation are recorded with their first vote in the round, as
 * the map's regional breakdown must not move when they later change profile. The map is recomputed
 * after the commit, coalesced per round (map-refresher.ts).
 */
export async function voteOnStatement(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof opinionVoteInput>) {
  const outcome = await transact(deps, async (tx) => {
    const [statement] = await tx.select().from(opinionStatements).where(eq(opinionStatements.id, input.statementId));
    if (!statement) throw new AppError("NOT_FOUND", "That statement does not exist");
    const round = await loadVisibleRound(tx, actor, statement.roundId, "share");
    await ensureOpenForContributions(tx, actor, round);
    if (statement.state !== "visible")
      throw new AppError("STATEMENT_UNAVAILABLE", "That statement is not open for voting");
    const [kind] = await tx
      .select({ kind: accountOrganisationKinds.kind })
      .from(accountOrganisationKinds)
      .where(eq(accountOrganisationKinds.accountId, actor.id));
    await tx
      .insert(opinionParticipants)
      .values({
        roundId: round.id,
        accountId: actor.id,
        regionId: actor.regionId,
        organisationKind: kind?.kind ?? null,
        pseudonym: randomBytes(6).toString("hex"),
        joinedAt: deps.now(),
      })
      .onConflictDoNothing();
    // The voter's participant row serialises their own votes in the round (two tabs), so the
    // previous choice read below is the one being replaced and each first vote is counted once.
    await tx
      .select({ accountId: opinionParticipants.accountId })
      .from(opinionParticipants)
      .where(and(eq(opinionParticipants.roundId, round.id), eq(opinionParticipants.accountId, actor.id)))
      .for("update");
    const [previous] = await tx
      .select({ choice: opinionVotes.choice })
      .from(opinionVotes)
      .where(and(eq(opinionVotes.statementId, statement.id), eq(opinionVotes.voterId, actor.id)))
      .for("update");
    if (previous?.choice === input.choice) return { roundId: round.id, changed: false };
    await tx
      .insert(opinionVotes)
      .values({
        statementId: statement.id,
        voterId: actor.id,
        roundId: round.id,
        choice: input.choice,
        updatedAt: deps.now(),
      })
      .onConflictDoUpdate({
        target: [opinionVotes.statementId, opinionVotes.voterId],
        set: { choice: sql`excluded.choice`, updatedAt: sql`excluded.updated_at` },
      });
    if (!previous)
      await tx
        .update(opinionStatements)
        .set({ voteCount: sql`${opinionStatements.voteCount} + 1` })
        .where(eq(opinionStatements.id, statement.id));
    return { roundId: round.id, changed: true };
  });
  if (outcome.changed) requestMapRefresh(deps, outcome.roundId);
  return {
    statementId: input.statementId,
    choice: input.choice,
    ...(await nextFor(deps.db, actor.id, outcome.roundId)),
  };
}
