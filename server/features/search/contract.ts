import { z } from "zod";
import { searchLimits } from "@/server/features/projects/rules/project-search";
import { cursorInput } from "@/server/features/deliberation/contract";

export const searchKinds = ["projects", "topics", "comments"] as const;
export type SearchKind = (typeof searchKinds)[number];

export const siteSearchInput = z.object({
  q: z.string().max(searchLimits.queryMax, `Search text must be at most ${searchLimits.queryMax} characters`),
  /** One kind, paged by `cursor`; absent: the first few of every kind. */
  kind: z.enum(searchKinds).nullish(),
  cursor: cursorInput,
});
