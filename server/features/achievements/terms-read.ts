import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accounts, dealTerms, technologyTransfers, type DealTerms } from "@/db/schema";
import { streamKey } from "@/server/domain/stream-access";
import type { Emit } from "@/server/infra/transact";
import type { DealTermsView } from "./events";

/** Terms as the stream carries them: everything but the value. */
export function termsView(
  terms: DealTerms,
  proposedBy: { id: number; displayName: string },
  deal: { transferId: number | null; projectId: number | null } = { transferId: null, projectId: null },
): DealTermsView {
  return {
    id: terms.id,
    side: terms.side,
    mode: terms.mode,
    shares: terms.shares,
    status: terms.status,
    proposedBy: { id: proposedBy.id, displayName: proposedBy.displayName },
    transferId: deal.transferId,
    projectId: deal.projectId,
  };
}

/** A negotiation's terms, oldest first, for its parties' own read: with the value they agreed on. */
export async function termsOf(db: Db | Tx, enquiryId: number) {
  const rows = await db
    .select({
      terms: dealTerms,
      proposedBy: { id: accounts.id, displayName: accounts.displayName },
      transferId: technologyTransfers.id,
      projectId: technologyTransfers.projectId,
    })
    .from(dealTerms)
    .innerJoin(accounts, eq(accounts.id, dealTerms.proposedById))
    .leftJoin(technologyTransfers, eq(technologyTransfers.termsId, dealTerms.id))
    .where(eq(dealTerms.enquiryId, enquiryId))
    .orderBy(asc(dealTerms.id));
  return rows.map((r) => ({
    ...termsView(r.terms, r.proposedBy, { transferId: r.transferId, projectId: r.projectId }),
    valueYuan: r.terms.valueYuan,
    note: r.terms.note,
  }));
}

/** Tells the negotiation's stream that terms changed (with their proposer's name, never the value). */
export async function emitTermsChanged(
  tx: Tx,
  emit: Emit,
  terms: DealTerms,
  deal?: { transferId: number | null; projectId: number | null },
): Promise<void> {
  const [proposer] = await tx
    .select({ id: accounts.id, displayName: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, terms.proposedById));
  await emit(streamKey({ kind: "enquiry", id: terms.enquiryId }), "enquiry:terms", {
    enquiryId: terms.enquiryId,
    terms: termsView(terms, proposer!, deal),
  });
}
