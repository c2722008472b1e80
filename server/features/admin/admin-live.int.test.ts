import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import { applyForumListEvent, type ForumListView } from "@/app/lib/live/forum-list";
import { applyRegionListEvent, type RegionListView } from "@/app/lib/live/region-list";
import {
  applyInvitationListEvent,
  invitationsAt,
  nextInvitationChange,
  type InvitationListView,
} from "@/app/lib/live/invitation-list";
import {
  accountsAt,
  applyAccountListEvent,
  nextAccountChange,
  type AccountFilter,
  type AccountListView,
} from "@/app/lib/live/account-list";
import { authenticate } from "@/server/features/accounts/authenticate";
import { callFailure } from "@/server/testing/trpc-errors";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";

// The admin panels follow their streams: each event carries its row as the panel lists it, so the
// list an admin holds, with a step's events applied, is what the list reads next.

let services: TestServices;
let admin: TestAccount;

beforeAll(async () => {
  services = await createTestServices();
  admin = await createTestAccount(services.deps.db, { role: "admin" });
});
afterAll(async () => {
  await services?.close();
});

const asAdmin = () => callerFor(services.deps, admin.user);

/** Runs each step, applies its events on `stream` to the held view and compares with the next read. */
async function follow<V extends { headSeq: number }>(
  stream: string,
  first: V,
  apply: (view: V, event: LiveEvent) => { view: V; refetch: boolean },
  read: () => Promise<V>,
  steps: [string, () => Promise<unknown>][],
): Promise<V> {
  let held = first;
  for (const [name, act] of steps) {
    const from = services.deps.publisher.published.length;
    await act();
    const events = services.deps.publisher.published.slice(from).filter((e) => e.stream === stream);
    expect(events.length, name).toBeGreaterThan(0);
    for (const event of events) {
      const applied = apply(held, event);
      expect(applied.refetch, name).toBe(false);
      held = applied.view;
    }
    expect(held, name).toEqual(await read());
  }
  return held;
}

describe("[LIVE] the admin's forums list applies the forums stream", () => {
  it("a created, archived and unarchived forum: each applied equals the next read", async () => {
    const slug = `live-${randomBytes(4).toString("hex")}`;
    let forumId = 0;
    const read = (): Promise<ForumListView> => asAdmin().forums.listAtHead();
    const held = await follow("forums", await read(), applyForumListEvent, read, [
      [
        "create",
        async () => {
          const created = await asAdmin().forums.create({ slug, titleZh: "直播", titleEn: "Live" });
          forumId = created.id;
          // The answer's row is the one the list reads, with a head that covers its own event.
          expect(created.listed).toEqual((await read()).forums.find((f) => f.id === created.id));
          expect(created.headSeq).toBeGreaterThan(0);
        },
      ],
      ["archive", () => asAdmin().forums.setArchived({ forumId, archived: true })],
      ["unarchive", () => asAdmin().forums.setArchived({ forumId, archived: false })],
    ]);
    expect(held.forums.find((f) => f.id === forumId)).toMatchObject({ slug, archivedAt: null });
  });
});

describe("[LIVE] the admin's forums list counts topics from the forums stream", () => {
  it("a topic created, held and approved, hidden, restored, moved; its forum archived: each applied equals the next read", async () => {
    const code = randomBytes(4).toString("hex");
    const forumOf = async (slug: string) =>
      (await asAdmin().forums.create({ slug, titleZh: "计数", titleEn: `Count ${slug}` })).id;
    const [from, to] = [await forumOf(`count-${code}`), await forumOf(`count-${code}-b`)];
    const author = await createTestAccount(services.deps.db, { role: "researcher" });
    const newcomer = await createTestAccount(services.deps.db, { role: "researcher" });
    const topic = (who: TestAccount, title: string) =>
      callerFor(services.deps, who.user).topics.create({ forumId: from, title, body: "Enough text to be a topic." });
    const read = (): Promise<ForumListView> => asAdmin().forums.listAtHead();
    const counts = (view: ForumListView) => [from, to].map((id) => view.forums.find((f) => f.id === id)?.topicCount);
    let shown = 0;
    let held = 0;
    let view = await follow("forums", await read(), applyForumListEvent, read, [
      ["create", async () => (shown = (await topic(author, `Shown ${code}`)).id)],
    ]);
    expect(counts(view)).toEqual([1, 0]);

    // A held topic is counted by nobody, so it tells the public stream nothing until approved.
    await asAdmin().admin.setHoldSettings({
      forumId: from,
      newAccountDays: 7,
      holdBlockedWords: false,
      holdLinks: false,
    });
    const before = services.deps.publisher.published.length;
    held = (await topic(newcomer, `Held ${code}`)).id;
    expect(services.deps.publisher.published.slice(before).filter((e) => e.stream === "forums")).toEqual([]);
    expect(await read()).toEqual(view);

    const moderate = (action: "hide" | "restore", topicId: number) =>
      asAdmin().moderation[action]({ targetKind: "topic", targetId: topicId, reason: "Checked" });
    view = await follow("forums", view, applyForumListEvent, read, [
      ["approve", () => moderate("restore", held)],
      ["hide", () => moderate("hide", shown)],
      ["restore", () => moderate("restore", shown)],
      ["move", () => asAdmin().moderation.move({ topicId: shown, forumId: to, reason: "Belongs there" })],
      ["archive", () => asAdmin().forums.setArchived({ forumId: from, archived: true })],
    ]);
    expect(counts(view)).toEqual([1, 1]);
    expect(view.forums.find((f) => f.id === from)?.archivedAt).not.toBeNull();
  });
});

describe("[LIVE] the admin's regions list applies the admin stream", () => {
  it("a cluster added, renamed, retired; a region added, renamed, retired, reinstated: each applied equals the next read", async () => {
    const code = randomBytes(3).toString("hex");
    let clusterId = 0;
    let regionId = 0;
    const read = (): Promise<RegionListView> => asAdmin().admin.regions();
    const held = await follow("admin", await read(), applyRegionListEvent, read, [
      [
        "add cluster",
        async () => {
          const added = await asAdmin().admin.addCluster({ code: `c-${code}`, nameZh: "西部", nameEn: "West" });
          clusterId = added.id;
          expect(added.cluster).toEqual((await read()).clusters.find((c) => c.id === added.id));
        },
      ],
      [
        "add region",
        async () => {
          const added = await asAdmin().admin.addRegion({
            code: `r-${code}`,
            clusterId,
            nameZh: "成都",
            nameEn: "Chengdu",
          });
          regionId = added.id;
          expect(added.cluster?.regions.map((r) => r.id)).toEqual([regionId]);
        },
      ],
      ["rename region", () => asAdmin().admin.renameRegion({ regionId, nameZh: "成都市", nameEn: "Chengdu City" })],
      ["retire region", () => asAdmin().admin.retireRegion({ regionId, retired: true })],
      ["reinstate region", () => asAdmin().admin.retireRegion({ regionId, retired: false })],
      ["rename cluster", () => asAdmin().admin.renameCluster({ clusterId, nameZh: "西部地区", nameEn: "Western" })],
      ["retire cluster", () => asAdmin().admin.retireCluster({ clusterId, retired: true })],
    ]);
    expect(held.clusters.find((c) => c.id === clusterId)).toMatchObject({
      nameEn: "Western",
      regions: [{ id: regionId, nameEn: "Chengdu City", retiredAt: null }],
    });
    // reference.regions, which every other page reads (from its cache), is the same list.
    expect(await callerFor(services.deps, null).reference.regions()).toEqual(held.clusters);
  });
});

describe("[LIVE] the admin's invitations and accounts lists apply the admin stream", () => {
  it("issue, revoke, renew, redeem; role, organisation, chair, suspension and lift: each applied equals the next read", async () => {
    const marker = `mk${randomBytes(3).toString("hex")}`;
    // Every account the steps touch exists before the first read: accounts made by the fixture tell no stream.
    const member = await createTestAccount(services.deps.db, { role: "member", displayName: `${marker} Member` });
    const other = await createTestAccount(services.deps.db, { role: "researcher", displayName: `${marker} Other` });
    const filters: AccountFilter[] = [
      { query: marker, role: null, regionId: null, suspendedOnly: false },
      { query: marker.toUpperCase(), role: "member", regionId: null, suspendedOnly: false },
      { query: marker, role: null, regionId: null, suspendedOnly: true },
      { query: `${marker} Oth`, role: null, regionId: member.account.regionId, suspendedOnly: false },
    ];
    const readInvitations = (): Promise<InvitationListView> => asAdmin().invitations.list();
    const readAccounts = (): Promise<AccountListView[]> => Promise.all(filters.map((f) => asAdmin().admin.accounts(f)));
    let invitations = await readInvitations();
    let accounts = await readAccounts();
    let token = "";
    let invitationId = 0;
    const steps: [string, () => Promise<unknown>][] = [
      [
        "issue",
        async () => {
          const issued = await asAdmin().invitations.issue({
            email: `${marker}@example.cn`,
            role: "member",
            regionId: member.account.regionId,
            organisation: "",
          });
          [token, invitationId] = [issued.token, issued.id];
          expect(issued.invitation).toEqual((await readInvitations()).invitations.find((i) => i.id === issued.id));
        },
      ],
      [
        "revoke another",
        async () => {
          const spare = await asAdmin().invitations.issue({
            email: `${marker}-2@example.cn`,
            role: "researcher",
            regionId: member.account.regionId,
            organisation: "",
          });
          await asAdmin().invitations.revoke({ id: spare.id });
        },
      ],
      [
        "renew",
        async () => (token = (await asAdmin().recovery.renewInvitation({ invitationId })).path.split("/").pop()!),
      ],
      [
        "redeem",
        () =>
          callerFor(services.deps, null).invitations.redeem({
            token,
            displayName: `${marker} Newcomer`,
            organisation: "新单位",
            password: "a-long-enough-password",
          }),
      ],
      ["organisation", () => asAdmin().admin.updateAccount({ accountId: other.account.id, organisation: "Elsewhere" })],
      ["role", () => asAdmin().admin.updateAccount({ accountId: other.account.id, role: "member" })],
      ["chair", () => asAdmin().admin.setChair({ accountId: member.account.id, chair: true })],
      [
        "suspend",
        async () => {
          const answer = await asAdmin().moderation.suspend({
            accountId: other.account.id,
            days: 3,
            reason: "Cool off",
          });
          expect(answer.account).toEqual((await readAccounts())[0]!.accounts.find((a) => a.id === other.account.id));
        },
      ],
      ["lift", () => asAdmin().moderation.lift({ accountId: other.account.id, reason: "Done" })],
    ];
    for (const [name, act] of steps) {
      const from = services.deps.publisher.published.length;
      await act();
      const events = services.deps.publisher.published.slice(from).filter((e) => e.stream === "admin");
      expect(events.length, name).toBeGreaterThan(0);
      for (const event of events) {
        const applied = applyInvitationListEvent(invitations, event);
        expect(applied.refetch, name).toBe(false);
        invitations = applied.view;
        accounts = accounts.map((view, i) => {
          const next = applyAccountListEvent(view, filters[i]!, event);
          expect(next.refetch, `${name} (filter ${i})`).toBe(false);
          return next.view;
        });
      }
      expect(invitations, name).toEqual(await readInvitations());
      expect(accounts, name).toEqual(await readAccounts());
    }
    // The lists did change: the newcomer joined, the other account left the search by name and came back a member.
    expect(accounts[0]!.accounts.map((a) => a.displayName)).toEqual([
      `${marker} Member`,
      `${marker} Newcomer`,
      `${marker} Other`,
    ]);
    expect(accounts[1]!.accounts.map((a) => a.id)).toContain(other.account.id);
    expect(invitations.invitations.find((i) => i.id === invitationId)?.status).toBe("redeemed");
  });
});

describe("[LIVE] the admin's invitations and accounts lists turn with the clock, as the server does", () => {
  it("an expiry and a suspension's end: the held list derived at the boundary equals the read then, and the server agrees", async () => {
    const marker = `tm${randomBytes(3).toString("hex")}`;
    const start = new Date(Date.now() + 3_600_000);
    const at = (instant: Date) => callerFor({ ...services.deps, now: () => instant }, admin.user);
    const shift = (ms: number) => new Date(start.getTime() + ms);
    const person = await createTestAccount(services.deps.db, { role: "member", displayName: `${marker} Person` });
    const filters: AccountFilter[] = [
      { query: marker, role: null, regionId: null, suspendedOnly: false },
      { query: marker, role: null, regionId: null, suspendedOnly: true },
    ];
    const issued = await at(start).invitations.issue({
      email: `${marker}@example.cn`,
      role: "member",
      regionId: person.account.regionId,
      organisation: "",
    });
    const suspended = await at(start).moderation.suspend({ accountId: person.account.id, days: 1, reason: "Cool off" });
    const [expiry, end] = [issued.expiresAt, suspended.suspendedUntil];
    expect(end.getTime()).toBe(start.getTime() + 86_400_000);

    // Held as read just before the suspension ends: suspended, in the suspended-only list, with the end as next change.
    const before = new Date(end.getTime() - 1);
    const accounts = await Promise.all(filters.map((f) => at(before).admin.accounts(f)));
    expect(accounts[1]!.accounts.map((a) => a.id)).toEqual([person.account.id]);
    expect(nextAccountChange(accounts[0]!, before)).toEqual(end);
    const invitations = await at(before).invitations.list();
    expect(invitations.invitations.find((i) => i.id === issued.id)?.status).toBe("pending");
    expect(nextInvitationChange(invitations, before)?.getTime()).toBeLessThanOrEqual(expiry.getTime());

    // At the end instant: no event, the derived lists are the next read, and the person may sign in.
    const atEnd = await Promise.all(filters.map((f) => at(end).admin.accounts(f)));
    expect(atEnd[0]!.headSeq).toBe(accounts[0]!.headSeq);
    expect(accounts.map((view, i) => accountsAt(view, filters[i]!, end))).toEqual(
      atEnd.map((view) => ({ view, refetch: false })),
    );
    expect(atEnd[0]!.accounts[0]).toMatchObject({ suspended: false, suspendedUntil: end });
    expect(atEnd[1]!.accounts).toEqual([]);
    expect(await authenticate(services.deps.db, person.account.email, person.password, before)).toMatchObject({
      ok: false,
      reason: "SUSPENDED",
    });
    expect(await authenticate(services.deps.db, person.account.email, person.password, end)).toMatchObject({
      ok: true,
    });
    expect(await callFailure(at(end).moderation.lift({ accountId: person.account.id, reason: "Over" }))).toMatchObject({
      reason: "NOTHING_TO_RESOLVE",
    });

    // At the expiry instant: the held invitations derived are the read then, and the link no longer works.
    const expired = await at(expiry).invitations.list();
    expect(invitationsAt(invitations, expiry)).toEqual({ view: expired, refetch: false });
    expect(expired.invitations.find((i) => i.id === issued.id)?.status).toBe("expired");
    const redeem = callerFor({ ...services.deps, now: () => expiry }, null).invitations.redeem({
      token: issued.token,
      displayName: `${marker} Late`,
      organisation: "新单位",
      password: "a-long-enough-password",
    });
    expect(await callFailure(redeem)).toMatchObject({ reason: "INVITE_EXPIRED" });
    expect(invitationsAt(invitations, shift(-1)).view).toBe(invitations);
  });
});
