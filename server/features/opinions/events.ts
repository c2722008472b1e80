import type { CommentState } from "@/shared/vocabulary";

/** A statement as lists show it; `text` is null when a moderator has hidden it. */
export interface StatementView {
  id: number;
  roundId: number;
  text: string | null;
  state: CommentState;
  hiddenReason: string | null;
  voteCount: number;
  fromCommentId: number | null;
  createdAt: string;
}

/** Live events of opinion rounds, on `round:<id>`. */
export interface OpinionEvents {
  /** A statement became visible, or a moderator changed its state. Held statements are never broadcast. */
  "statement:changed": { roundId: number; statement: StatementView };
  /**
   * A recompute committed a new map: the map every page shows (already k-anonymised), packed
   * (rules/map-codec.ts, a quarter of its JSON); the page decodes it into what `opinions.get` gives.
   */
  "opinionMap:updated": { roundId: number; version: number; computedAt: string; packed: string };
  "round:changed": { roundId: number; state: "open" | "closed" };
}
