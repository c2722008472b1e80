/**
 * Technology readiness levels, 1 (basic principles observed) to 9 (proven in operation). A firm says
 * the lowest level it can take on; an achievement below it needs more work first, so its fit falls
 * by a quarter per missing level. Above it is a full fit: more mature never hurts the buyer.
 */
export const trlRange = { min: 1, max: 9 } as const;

export function isTrl(value: number): boolean {
  return Number.isInteger(value) && value >= trlRange.min && value <= trlRange.max;
}

export function trlFit(achievementTrl: number, wantedTrl: number): number {
  if (achievementTrl >= wantedTrl) return 1;
  return Math.max(0, 1 - (wantedTrl - achievementTrl) / 4);
}

/** The stage name shown next to the number: research (1–3), development (4–6), deployment (7–9). */
export function trlStage(trl: number): "research" | "development" | "deployment" {
  return trl <= 3 ? "research" : trl <= 6 ? "development" : "deployment";
}
