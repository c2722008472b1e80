import type { OpinionMap } from "@/server/features/opinions/rules/compute-map";
import { groupName } from "@/server/features/opinions/rules/group-names";

export { groupName };
export type { OpinionMap };

/** Group colours, distinguishable for the common colour-vision deficiencies; dots also carry the group letter in the table. */
export const groupColors = ["#1d4ed8", "#c2410c", "#047857", "#7e22ce", "#be185d"] as const;
export const groupColor = (label: number) => groupColors[label % groupColors.length] as string;

export const choiceBarColors = { agree: "bg-emerald-600", disagree: "bg-red-600", pass: "bg-slate-400" } as const;

export interface StatementText {
  id: number;
  text: string | null;
}

export const textOf = (statements: readonly StatementText[], id: number) =>
  statements.find((s) => s.id === id)?.text ?? `#${id}`;
