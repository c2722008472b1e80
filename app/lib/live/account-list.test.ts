import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ListedAccount } from "@/server/features/admin/events";
import { onTheWire } from "@/shared/on-the-wire";
import { roles } from "@/shared/vocabulary";
import {
  accountListLimit,
  accountMatches,
  accountsAt,
  applyAccountListEvent,
  nextAccountChange,
  type AccountFilter,
} from "./account-list";
import { byCodePoint } from "./keyed-list";

const anyone: AccountFilter = { query: "", role: null, regionId: null, suspendedOnly: false };
const account = (id: number, over: Partial<ListedAccount> = {}): ListedAccount => ({
  id,
  email: `p${id}@example.cn`,
  displayName: `Person ${String(id).padStart(3, "0")}`,
  organisation: "Org",
  role: "member",
  chair: false,
  regionId: 1,
  suspendedUntil: null,
  suspensionReason: null,
  createdAt: new Date("2026-01-01T00:00:00.000Z"),
  suspended: false,
  ...over,
});
let seq = 10;
const updated = (row: ListedAccount | null, type: "account:updated" | "invitation:redeemed" = "account:updated") =>
  ({
    stream: streamKey({ kind: "admin" }),
    seq: ++seq,
    at: "2026-01-02T00:00:00.000Z",
    type,
    payload:
      type === "account:updated"
        ? { accountId: row?.id ?? 1, ...(row ? { account: onTheWire(row) } : {}) }
        : { invitationId: 1, accountId: row?.id ?? 1, ...(row ? { account: onTheWire(row) } : {}) },
  }) as LiveEvent;
const byName = (a: ListedAccount, b: ListedAccount) => byCodePoint(a.displayName, b.displayName) || a.id - b.id;

describe("applyAccountListEvent", () => {
  it("changes a listed account in place and adds a redeemed invitation's account in name order", () => {
    const view = { accounts: [account(1), account(3)], headSeq: seq };
    const chair = applyAccountListEvent(view, anyone, updated(account(3, { chair: true })));
    expect(chair.view.accounts[1]).toEqual(account(3, { chair: true }));
    const joined = applyAccountListEvent(chair.view, anyone, updated(account(2), "invitation:redeemed"));
    expect(joined.view.accounts.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(joined.refetch).toBe(false);
    expect(applyAccountListEvent(joined.view, anyone, { ...updated(account(4)), seq: joined.view.headSeq }).view).toBe(
      joined.view,
    );
  });

  it("follows the filter: a suspension enters the suspended list, a role change leaves the role's list", () => {
    const suspended = account(5, { suspended: true, suspendedUntil: new Date("2026-02-01T00:00:00.000Z") });
    const onlySuspended = { ...anyone, suspendedOnly: true };
    expect(
      applyAccountListEvent({ accounts: [], headSeq: seq }, onlySuspended, updated(suspended)).view.accounts,
    ).toEqual([suspended]);
    const members = { ...anyone, role: "member" as const };
    const left = applyAccountListEvent(
      { accounts: [account(5)], headSeq: seq },
      members,
      updated(account(5, { role: "moderator" })),
    );
    expect(left).toMatchObject({ view: { accounts: [] }, refetch: false });
    const search = { ...anyone, query: " ORG-X " };
    expect(accountMatches(account(6, { organisation: "big org-x ltd" }), search)).toBe(true);
    expect(accountMatches(account(6), search)).toBe(false);
  });

  it("reads again only when a row leaves a full list, or an event lacks its row", () => {
    const full = { accounts: Array.from({ length: accountListLimit }, (_, i) => account(i + 1)), headSeq: seq };
    const members = { ...anyone, role: "member" as const };
    expect(applyAccountListEvent(full, members, updated(account(7, { role: "admin" }))).refetch).toBe(true);
    // A new account sorting after the last of a full list is beyond it; one before pushes the last out.
    const after = applyAccountListEvent(full, members, updated(account(999)));
    expect(after).toMatchObject({ refetch: false, view: { accounts: full.accounts } });
    const before = applyAccountListEvent(full, members, updated(account(900, { displayName: "Aaron" })));
    expect(before.view.accounts.map((a) => a.id).slice(0, 2)).toEqual([900, 1]);
    expect(before.view.accounts).toHaveLength(accountListLimit);
    expect(applyAccountListEvent(full, members, updated(null)).refetch).toBe(true);
  });

  it("equals filtering and sorting the accounts as they now are, after any changes (list below its limit)", () => {
    const row = fc.record({
      id: fc.integer({ min: 1, max: 12 }),
      displayName: fc.constantFrom("Li", "li", "Wang", "Zhang", "赵"),
      role: fc.constantFrom(...roles),
      regionId: fc.integer({ min: 1, max: 3 }),
      suspended: fc.boolean(),
    });
    const filter = fc.record({
      query: fc.constantFrom("", "li", "WANG", "赵"),
      role: fc.constantFrom(null, ...roles),
      regionId: fc.constantFrom(null, 1, 2),
      suspendedOnly: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { selector: (r) => r.id }),
        fc.array(row, { maxLength: 20 }),
        filter,
        (start, changes, f) => {
          const truth = new Map(start.map((r) => [r.id, account(r.id, r)]));
          const read = () => [...truth.values()].filter((a) => accountMatches(a, f)).sort(byName);
          let view = { accounts: read(), headSeq: seq };
          for (const change of changes) {
            truth.set(change.id, account(change.id, change));
            const applied = applyAccountListEvent(view, f, updated(account(change.id, change)));
            expect(applied.refetch).toBe(false);
            view = applied.view;
            expect(view.accounts).toEqual(read());
          }
        },
      ),
    );
  });
});

describe("accountsAt", () => {
  const end = new Date("2026-02-01T00:00:00.000Z");
  const ms = (offset: number) => new Date(end.getTime() + offset);
  const suspendedOnly: AccountFilter = { ...anyone, suspendedOnly: true };
  const suspended = (id: number, until: Date) =>
    account(id, { suspendedUntil: until, suspensionReason: "Cool off", suspended: true });
  const held = () => ({ accounts: [account(1), suspended(2, end), suspended(3, ms(60_000))], headSeq: 7 });

  it("shows a suspension as over from its end instant on, as sign-in lets the person in", () => {
    const view = held();
    expect(accountsAt(view, anyone, ms(-1))).toEqual({ view, refetch: false });
    const at = accountsAt(view, anyone, end);
    expect(at.refetch).toBe(false);
    expect(at.view.accounts.map((a) => a.suspended)).toEqual([false, false, true]);
    // The row keeps its end and reason, as the server reads them until someone writes the account.
    expect(at.view.accounts[1]).toMatchObject({ suspendedUntil: end, suspensionReason: "Cool off" });
  });

  it("takes an ended suspension out of the suspended-only list, and reads again when it left a full one", () => {
    const view = { accounts: [suspended(2, end), suspended(3, ms(60_000))], headSeq: 7 };
    expect(accountsAt(view, suspendedOnly, end).view.accounts.map((a) => a.id)).toEqual([3]);
    expect(accountsAt(view, suspendedOnly, end).refetch).toBe(false);
    const full = {
      accounts: Array.from({ length: accountListLimit }, (_, i) => suspended(i + 1, i === 0 ? end : ms(60_000))),
      headSeq: 7,
    };
    const after = accountsAt(full, suspendedOnly, end);
    expect(after.view.accounts).toHaveLength(accountListLimit - 1);
    expect(after.refetch).toBe(true);
  });

  it("never suspends again a row the server read as unsuspended, and next changes at the nearest end", () => {
    const lifted = { accounts: [account(4, { suspendedUntil: ms(60_000), suspended: false })], headSeq: 7 };
    expect(accountsAt(lifted, anyone, ms(-5)).view).toBe(lifted);
    expect(nextAccountChange(held(), ms(-5))).toEqual(end);
    expect(nextAccountChange(held(), end)).toEqual(ms(60_000));
    expect(nextAccountChange(lifted, ms(-5))).toBeNull();
  });
});
