import type { Stance } from "@/shared/vocabulary";

/** One colour per stance, used by every chart and badge so the legend means the same everywhere. */
export const stanceColor: Record<Stance, string> = {
  support: "bg-emerald-500",
  concern: "bg-amber-500",
  question: "bg-sky-500",
  amendment: "bg-violet-500",
};

export const stanceBadgeTone: Record<Stance, "green" | "amber" | "brand" | "slate"> = {
  support: "green",
  concern: "amber",
  question: "brand",
  amendment: "slate",
};
