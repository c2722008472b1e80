import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agendaItems } from "@/db/schema";
import type { SessionUser } from "../../infra/auth/session";
import { visibleRounds } from "../opinions";
import type { AgendaRoundLink } from "./contract";

type Viewer = Pick<SessionUser, "id" | "role"> | null;

/**
 * The agenda's opinion-round links as this reader may see them: a link to a round the reader may not
 * see is left out, as if the item had none (the round's own rule decides, as on its page).
 */
export async function agendaRoundLinks(db: Db, viewer: Viewer, meetingId: number): Promise<AgendaRoundLink[]> {
  const linked = await db
    .select({ itemId: agendaItems.id, roundId: agendaItems.roundId })
    .from(agendaItems)
    .where(and(eq(agendaItems.meetingId, meetingId), isNotNull(agendaItems.roundId)));
  const rounds = await visibleRounds(
    db,
    viewer,
    linked.flatMap((l) => (l.roundId === null ? [] : [l.roundId])),
  );
  return linked.flatMap(({ itemId, roundId }) => {
    const round = rounds.find((r) => r.id === roundId);
    return round ? [{ itemId, roundId: round.id, question: round.question }] : [];
  });
}
