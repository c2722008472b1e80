import { openSecret, sealSecret } from "@/server/infra/auth/sealed-secret";

/**
 * After a provider vouched for a person who must still type a code, the browser carries this sealed
 * ticket to the code form; only the server can read or forge it, and it lasts five minutes.
 */
const purpose = "sso ticket";
export const ticketSeconds = 300;

export interface SsoTicket {
  accountId: number;
  providerId: string;
}

export function issueTicket(ticket: SsoTicket, authSecret: string, now: Date = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + ticketSeconds;
  return sealSecret(purpose, JSON.stringify({ a: ticket.accountId, p: ticket.providerId, e: expires }), authSecret);
}

export function readTicket(sealed: string, authSecret: string, now: Date = new Date()): SsoTicket | null {
  const opened = openSecret(purpose, sealed, authSecret);
  if (!opened) return null;
  try {
    const { a, p, e } = JSON.parse(opened) as { a?: unknown; p?: unknown; e?: unknown };
    if (typeof a !== "number" || typeof p !== "string" || typeof e !== "number") return null;
    if (e < now.getTime() / 1000) return null;
    return { accountId: a, providerId: p };
  } catch {
    return null;
  }
}
