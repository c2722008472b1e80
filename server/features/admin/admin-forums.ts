import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { blockedWords, forumHoldSettings, forums } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { holdSettingsInput } from "./contract";
import { normaliseBlockedWord } from "@/server/features/moderation/rules/moderation";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";

const off = { newAccountDays: null as number | null, holdBlockedWords: false, holdLinks: false };

/** Every forum's hold-for-review settings (a forum without a row holds nothing). */
export async function listHoldSettings(deps: Pick<ServiceDeps, "db">) {
  const rows = await deps.db
    .select({ forumId: forums.id, settings: forumHoldSettings })
    .from(forums)
    .leftJoin(forumHoldSettings, eq(forumHoldSettings.forumId, forums.id))
    .orderBy(asc(forums.id));
  return rows.map(({ forumId, settings }) => ({
    forumId,
    newAccountDays: settings?.newAccountDays ?? null,
    holdBlockedWords: settings?.holdBlockedWords ?? false,
    holdLinks: settings?.holdLinks ?? false,
  }));
}

export async function setHoldSettings(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.output<typeof holdSettingsInput>,
) {
  return transact(deps, async (tx, emit) => {
    const [forum] = await tx.select().from(forums).where(eq(forums.id, input.forumId)).for("update");
    if (!forum) throw new AppError("NOT_FOUND", "That forum does not exist");
    const [current] = await tx.select().from(forumHoldSettings).where(eq(forumHoldSettings.forumId, forum.id));
    const before = current
      ? {
          newAccountDays: current.newAccountDays,
          holdBlockedWords: current.holdBlockedWords,
          holdLinks: current.holdLinks,
        }
      : off;
    const after = {
      newAccountDays: input.newAccountDays,
      holdBlockedWords: input.holdBlockedWords,
      holdLinks: input.holdLinks,
    };
    await tx
      .insert(forumHoldSettings)
      .values({ forumId: forum.id, ...after, updatedAt: deps.now() })
      .onConflictDoUpdate({ target: forumHoldSettings.forumId, set: { ...after, updatedAt: deps.now() } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "forum.hold_settings",
      targetType: "forum",
      targetId: forum.id,
      before,
      after,
    });
    await emit(streamKey({ kind: "admin" }), "forum:hold-settings", { forumId: forum.id });
    return { forumId: forum.id, ...after };
  });
}

export async function listBlockedWords(deps: Pick<ServiceDeps, "db">) {
  return deps.db
    .select({ id: blockedWords.id, word: blockedWords.word, createdAt: blockedWords.createdAt })
    .from(blockedWords)
    .orderBy(asc(blockedWords.word));
}

export async function addBlockedWord(deps: ServiceDeps, actor: SessionUser, rawWord: string) {
  const word = normaliseBlockedWord(rawWord);
  return transact(deps, async (tx, emit) => {
    const [row] = await tx
      .insert(blockedWords)
      .values({ word, createdById: actor.id, createdAt: deps.now() })
      .onConflictDoNothing({ target: blockedWords.word })
      .returning();
    if (!row) throw new AppError("CODE_TAKEN", `"${word}" is already on the list`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "blocked_word.add",
      targetType: "blocked_word",
      targetId: row.id,
      after: { word },
    });
    await emit(streamKey({ kind: "admin" }), "blocked-words:changed", {});
    return row;
  });
}

export async function removeBlockedWord(deps: ServiceDeps, actor: SessionUser, id: number) {
  return transact(deps, async (tx, emit) => {
    const [row] = await tx.delete(blockedWords).where(eq(blockedWords.id, id)).returning();
    if (!row) throw new AppError("NOT_FOUND", "That word is not on the list");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "blocked_word.remove",
      targetType: "blocked_word",
      targetId: row.id,
      before: { word: row.word },
    });
    await emit(streamKey({ kind: "admin" }), "blocked-words:changed", {});
    return { id: row.id };
  });
}
