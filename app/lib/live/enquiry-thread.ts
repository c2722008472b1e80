import type { LiveEvent } from "@/server/events/contract";
import type { DealTermsView, EnquiryMessageView } from "@/server/features/achievements/events";

/** A negotiation as `achievements.enquiry` returns it: messages, terms (with the value), and the stream head. */
export interface LiveNegotiation {
  messages: EnquiryMessageView[];
  terms: (DealTermsView & { valueYuan: number | null; note: string })[];
  headSeq: number;
}

/**
 * Applies one event of `enquiry:<id>` to the thread its page holds. Messages and hidden marks carry
 * everything shown; terms events carry no value (an event is stored), so known terms keep theirs and
 * new terms ask for a read (`refetch`) to get the value they propose.
 */
export function applyNegotiationEvent<T extends LiveNegotiation>(
  view: T,
  event: LiveEvent,
): { view: T; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  switch (event.type) {
    case "enquiry:message": {
      const incoming = event.payload.message;
      if (view.messages.some((m) => m.id === incoming.id)) return { view: { ...view, headSeq }, refetch: false };
      return { view: { ...view, headSeq, messages: [...view.messages, incoming] }, refetch: false };
    }
    case "enquiry:message-hidden": {
      const { messageId, hiddenAt, hiddenReason } = event.payload;
      const messages = view.messages.map((m) =>
        m.id === messageId ? { ...m, body: null, hiddenAt, hiddenReason } : m,
      );
      return { view: { ...view, headSeq, messages }, refetch: false };
    }
    case "enquiry:message-restored": {
      const restored = event.payload.message;
      const messages = view.messages.map((m) => (m.id === restored.id ? restored : m));
      return { view: { ...view, headSeq, messages }, refetch: false };
    }
    case "enquiry:terms": {
      const incoming = event.payload.terms;
      const known = view.terms.find((t) => t.id === incoming.id);
      if (!known) {
        const terms = [...view.terms, { ...incoming, valueYuan: null, note: "" }];
        return { view: { ...view, headSeq, terms }, refetch: true };
      }
      const terms = view.terms.map((t) => (t.id === incoming.id ? { ...t, ...incoming } : t));
      return { view: { ...view, headSeq, terms }, refetch: false };
    }
    default:
      return { view: { ...view, headSeq }, refetch: false };
  }
}
