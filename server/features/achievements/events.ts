import type { DealTermsStatus, NegotiationSide, RevenueShare, TransferMode } from "@/shared/achievement-vocabulary";

/** A message of a negotiation as the stream carries it (times as ISO strings): a hidden one without its text. */
export type EnquiryMessageView = {
  id: number;
  body: string | null;
  hiddenAt: string | null;
  hiddenReason: string | null;
  createdAt: string;
  author: { id: number; displayName: string };
};

/**
 * Proposed terms as the live stream carries them: never the value, which stays in the parties' own reads
 * (an event is stored in the outbox), so a new proposal's value arrives by reading the thread again.
 */
export type DealTermsView = {
  id: number;
  side: NegotiationSide;
  mode: TransferMode;
  shares: RevenueShare[];
  status: DealTermsStatus;
  proposedBy: { id: number; displayName: string };
  transferId: number | null;
  projectId: number | null;
};

/** Live events of a negotiation, on `enquiry:<id>` (its parties and admins only). */
export interface AchievementEvents {
  "enquiry:message": { enquiryId: number; message: EnquiryMessageView };
  "enquiry:message-hidden": { enquiryId: number; messageId: number; hiddenAt: string; hiddenReason: string };
  /** A moderator showed a hidden message again: it comes back whole, as the parties saw it. */
  "enquiry:message-restored": { enquiryId: number; message: EnquiryMessageView };
  "enquiry:terms": { enquiryId: number; terms: DealTermsView };
}
