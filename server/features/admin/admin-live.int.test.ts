import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import { applyForumListEvent, type ForumListView } from "@/app/lib/live/forum-list";
import { applyRegionListEvent, type RegionListView } from "@/app/lib/live/region-list";
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
