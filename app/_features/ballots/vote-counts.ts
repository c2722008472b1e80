import type { PublicCount } from "@/server/features/ballots/rules/ballot-secrecy";

/** Votes in a published count; a hidden small cell (ballot-secrecy.ts) draws as empty. */
export const votesIn = (c: PublicCount) => (c.approve ?? 0) + (c.reject ?? 0) + (c.abstain ?? 0);

export const choiceColor = { approve: "bg-emerald-500", reject: "bg-red-500", abstain: "bg-slate-400" } as const;
