import type { Role } from "@/shared/vocabulary";

export interface Candidate {
  id: number;
  voteCount: number;
}

/** A small integer hash, so people with the same counts start at different statements. */
const mix = (a: number, b: number) => {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/**
 * The next statement to put before a voter: one they have not seen, with the fewest votes so far
 * (so every statement gathers enough votes to place people), ties spread by a per-person hash rather
 * than all voters queueing on the lowest id. Null when they have seen them all.
 */
export function nextStatement(
  candidates: readonly Candidate[],
  seen: ReadonlySet<number>,
  voterId: number,
): number | null {
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    if (
      !best ||
      c.voteCount < best.voteCount ||
      (c.voteCount === best.voteCount && mix(c.id, voterId) < mix(best.id, voterId))
    )
      best = c;
  }
  return best?.id ?? null;
}

export const isModerator = (role: Role) => role === "moderator" || role === "admin";

/** Opening a round is for the coordination body and those who keep order. */
export const mayOpenRound = (role: Role) => role === "member" || isModerator(role);

/** Closing a round: whoever opened it, or a moderator. */
export const mayCloseRound = (actor: { id: number; role: Role }, round: { createdById: number }) =>
  actor.id === round.createdById || isModerator(actor.role);

/** A statement's text normalised for the duplicate check: case, spacing and end punctuation do not make it new. */
export const statementKey = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, " ")
    .trim();

/** A consensus statement: every group and every counted region leans towards agreeing. */
export function isConsensus(
  stats: {
    groups: { agree: number; n: number }[];
    regions: { agree: number; n: number }[];
    minRegionAgree: number | null;
  },
  threshold = 0.6,
): boolean {
  if (stats.groups.length === 0 && stats.regions.length === 0) return false;
  return (
    stats.groups.every((g) => g.agree / g.n >= threshold) &&
    stats.regions.every((r) => r.agree / r.n >= threshold) &&
    (stats.minRegionAgree === null || stats.minRegionAgree >= threshold)
  );
}
