import type { AchievementStatus, NeedStatus } from "@/shared/achievement-vocabulary";
import type { Role } from "@/shared/vocabulary";

/**
 * Who may see and do what with achievements, needs, enquiries and transfers: one rule per object,
 * asked by every read path (page, list, search, matches, versions, exports, flows).
 */
export type Viewer = { id: number; role: Role } | null;

export interface AchievementFacts {
  status: AchievementStatus;
  editorIds: readonly number[];
}

const isAdmin = (viewer: Viewer) => viewer?.role === "admin";

export function isAchievementEditor(facts: Pick<AchievementFacts, "editorIds">, viewer: Viewer): boolean {
  return viewer !== null && facts.editorIds.includes(viewer.id);
}

/** Published achievements are public; drafts and withdrawn ones belong to their editors and admins. */
export function canSeeAchievement(facts: AchievementFacts, viewer: Viewer): boolean {
  return facts.status === "published" || isAchievementEditor(facts, viewer) || isAdmin(viewer);
}

export function canEditAchievement(facts: AchievementFacts, viewer: Viewer): boolean {
  return isAchievementEditor(facts, viewer) || isAdmin(viewer);
}

/** Anyone signed in but the owners may ask about a published achievement. */
export function canEnquire(facts: AchievementFacts, viewer: Viewer): boolean {
  return viewer !== null && facts.status === "published" && !isAchievementEditor(facts, viewer);
}

export interface NeedFacts {
  status: NeedStatus;
  postedById: number;
}

/** Open needs are public so that owners can find them; a closed one is its poster's and admins'. */
export function canSeeNeed(facts: NeedFacts, viewer: Viewer): boolean {
  return facts.status === "open" || viewer?.id === facts.postedById || isAdmin(viewer);
}

export function canEditNeed(facts: NeedFacts, viewer: Viewer): boolean {
  return viewer?.id === facts.postedById || isAdmin(viewer);
}

/** Only accounts that an admin marked as speaking for an enterprise post needs. */
export function canPostNeed(viewer: Viewer, organisationType: string | null): boolean {
  return viewer !== null && (organisationType === "enterprise" || isAdmin(viewer));
}

export interface EnquiryFacts {
  askerId: number;
  editorIds: readonly number[];
}

/** An enquiry is private: the asker, the achievement's editors and admins. Nobody else learns it exists. */
export function canSeeEnquiry(facts: EnquiryFacts, viewer: Viewer): boolean {
  return viewer !== null && (viewer.id === facts.askerId || facts.editorIds.includes(viewer.id) || isAdmin(viewer));
}

export interface TransferValueFacts {
  valueYuan: number | null;
  sellerPublishesValue: boolean;
  buyerPublishesValue: boolean;
}

/**
 * A deal's value is confidential unless both sides agreed to publish it. Every output (page, list,
 * flows, export) passes through this, so an unagreed value is never sent to anyone outside the deal.
 */
export function publishedValue(transfer: TransferValueFacts): number | null {
  return transfer.sellerPublishesValue && transfer.buyerPublishesValue ? transfer.valueYuan : null;
}

/** The value as one viewer may see it: the parties always see what they recorded. */
export function visibleValue(transfer: TransferValueFacts, isParty: boolean): number | null {
  return isParty ? transfer.valueYuan : publishedValue(transfer);
}
