import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import type { DealTermsView, EnquiryMessageView } from "@/server/features/achievements/events";
import { asStreamKey } from "@/server/domain/stream-access";
import { applyNegotiationEvent, type LiveNegotiation } from "./enquiry-thread";

const message = (id: number, body: string): EnquiryMessageView => ({
  id,
  body,
  hiddenAt: null,
  hiddenReason: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  author: { id: 3, displayName: "Owner" },
});
const terms = (id: number, status: DealTermsView["status"]): DealTermsView => ({
  id,
  side: "owner",
  mode: "licence",
  shares: [{ regionId: 1, revenueBp: 10_000 }],
  status,
  proposedBy: { id: 3, displayName: "Owner" },
  transferId: null,
  projectId: null,
});
const event = (seq: number, rest: Pick<LiveEvent, "type" | "payload">): LiveEvent =>
  ({ stream: asStreamKey("enquiry:4"), seq, at: "2026-12-01T00:00:00.000Z", ...rest }) as LiveEvent;

describe("a negotiation followed live", () => {
  const view: LiveNegotiation = {
    messages: [message(1, "hello")],
    terms: [{ ...terms(7, "proposed"), valueYuan: 5000, note: "" }],
    headSeq: 5,
  };

  it("appends a new message once, and ignores what the read already had", () => {
    const applied = applyNegotiationEvent(
      view,
      event(6, { type: "enquiry:message", payload: { enquiryId: 4, message: message(2, "hi") } }),
    );
    expect(applied.view.messages.map((m) => m.body)).toEqual(["hello", "hi"]);
    expect(applied.refetch).toBe(false);
    const again = applyNegotiationEvent(
      applied.view,
      event(7, { type: "enquiry:message", payload: { enquiryId: 4, message: message(2, "hi") } }),
    );
    expect(again.view.messages).toHaveLength(2);
    expect(
      applyNegotiationEvent(
        view,
        event(5, { type: "enquiry:message", payload: { enquiryId: 4, message: message(3, "old") } }),
      ).view,
    ).toBe(view);
  });

  it("withholds a hidden message's text and shows why", () => {
    const applied = applyNegotiationEvent(
      view,
      event(6, {
        type: "enquiry:message-hidden",
        payload: { enquiryId: 4, messageId: 1, hiddenAt: "2026-12-01T01:00:00.000Z", hiddenReason: "abuse" },
      }),
    );
    expect(applied.view.messages[0]).toMatchObject({ body: null, hiddenReason: "abuse" });
    // A moderator shows it again: the message comes back whole, in its place.
    const restored = applyNegotiationEvent(
      applied.view,
      event(7, { type: "enquiry:message-restored", payload: { enquiryId: 4, message: message(1, "hello") } }),
    );
    expect(restored.view.messages).toEqual([message(1, "hello")]);
    expect(restored.refetch).toBe(false);
  });

  it("updates known terms keeping their value, and reads again for new ones", () => {
    const accepted = applyNegotiationEvent(
      view,
      event(6, { type: "enquiry:terms", payload: { enquiryId: 4, terms: terms(7, "accepted") } }),
    );
    expect(accepted.view.terms).toEqual([expect.objectContaining({ status: "accepted", valueYuan: 5000 })]);
    expect(accepted.refetch).toBe(false);
    const fresh = applyNegotiationEvent(
      view,
      event(6, { type: "enquiry:terms", payload: { enquiryId: 4, terms: terms(8, "proposed") } }),
    );
    expect(fresh.view.terms.map((t) => t.id)).toEqual([7, 8]);
    expect(fresh.refetch).toBe(true);
  });
});
