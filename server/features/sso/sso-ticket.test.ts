import { describe, expect, it } from "vitest";
import { issueTicket, readTicket, ticketSeconds } from "./sso-ticket";

const secret = "a-test-secret-that-is-long-enough-0123456789";

describe("sso ticket", () => {
  it("reads back what it sealed until it expires", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const ticket = issueTicket({ accountId: 7, providerId: "sh-idp" }, secret, now);
    expect(readTicket(ticket, secret, now)).toEqual({ accountId: 7, providerId: "sh-idp" });
    expect(readTicket(ticket, secret, new Date(now.getTime() + (ticketSeconds + 1) * 1000))).toBeNull();
  });

  it("refuses a ticket sealed under another secret or altered", () => {
    const ticket = issueTicket({ accountId: 7, providerId: "sh-idp" }, secret);
    expect(readTicket(ticket, `${secret}x`)).toBeNull();
    // One character in the middle changed to another: overwriting the tail with a fixed "AA" left the
    // ticket as it was whenever it already ended so (seen once in a full run).
    const middle = Math.floor(ticket.length / 2);
    const altered = `${ticket.slice(0, middle)}${ticket[middle] === "A" ? "B" : "A"}${ticket.slice(middle + 1)}`;
    expect(altered).not.toBe(ticket);
    expect(readTicket(altered, secret)).toBeNull();
  });
});
