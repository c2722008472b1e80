import type { LiveEvent } from "@/server/events/contract";
import type { StatementView } from "@/server/features/opinions/events";
import type { OpinionMap } from "@/server/features/opinions/rules/compute-map";
import { decodeMap } from "@/server/features/opinions/rules/map-codec";

/** What of `opinions.get` a live event can change. */
export interface LiveRoundView {
  round: { state: "open" | "closed" };
  statements: (StatementView & { mine?: boolean })[];
  map: { version: number; computedAt: string; map: OpinionMap } | null;
  headSeq: number;
}

/**
 * The last map decoded: every view of a page (and every watcher in the benchmark) applies the same
 * event's string, which is then decoded once and its map shared.
 */
let lastDecoded: { packed: string; map: OpinionMap } | null = null;
function decodeOnce(packed: string): OpinionMap {
  if (lastDecoded?.packed !== packed) lastDecoded = { packed, map: decodeMap(packed) };
  return lastDecoded.map;
}

/**
 * Applies one event of `round:<id>` to the round as the page holds it: a statement added or moderated
 * replaces its row (keeping whether it is the reader's own, which the public event cannot say), a new
 * map replaces an older one. Events at or below the data's head are already in it.
 */
export function applyRoundEvent<T extends LiveRoundView>(view: T, event: LiveEvent): T {
  if (event.seq <= view.headSeq) return view;
  const headSeq = event.seq;
  switch (event.type) {
    case "statement:changed": {
      const incoming = event.payload.statement;
      const existing = view.statements.find((s) => s.id === incoming.id);
      // The author keeps reading their own hidden statement's text; the public event withholds it.
      const merged = existing
        ? { ...incoming, mine: existing.mine, text: incoming.text ?? (existing.mine ? existing.text : null) }
        : incoming;
      const statements = existing
        ? view.statements.map((s) => (s.id === incoming.id ? merged : s))
        : [...view.statements, merged].sort((a, b) => a.id - b.id);
      return { ...view, headSeq, statements };
    }
    case "opinionMap:updated": {
      if (view.map && view.map.version >= event.payload.version) return { ...view, headSeq };
      const { version, computedAt } = event.payload;
      const map = decodeOnce(event.payload.packed);
      // Vote counts come with the map, so the list's counts follow it.
      const counts = new Map(map.statements.map((s) => [s.id, s.total?.n]));
      const statements = view.statements.map((s) => {
        const n = counts.get(s.id);
        return n !== undefined && n !== null && n > s.voteCount ? { ...s, voteCount: n } : s;
      });
      return { ...view, headSeq, statements, map: { version, computedAt, map } };
    }
    case "round:changed":
      return { ...view, headSeq, round: { ...view.round, state: event.payload.state } };
    default:
      return { ...view, headSeq };
  }
}
