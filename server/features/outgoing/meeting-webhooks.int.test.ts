import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { freshRegions, insertAccounts, makeChair } from "../../testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  type TestAccount,
  type TestServices,
} from "../../testing/fixtures";
import { toChinaLocal } from "../meetings/rules";
import { createWebhook } from "./manage-webhooks";
import { queueWebhookNotices } from "./queue-notices";
import type { WebhookNotice } from "./rules";

/** Work-chat notices of meetings (#23): scheduled, and the record awaiting the regions' confirmation. */
const authSecret = "a-test-auth-secret-of-at-least-thirty-two-chars";
const baseUrl = "https://xietong.example";

describe("meeting notices to webhooks", () => {
  let services: TestServices;
  let admin: TestAccount;
  const queue = () => queueWebhookNotices({ db: services.deps.db, baseUrl });
  const as = (who: TestAccount) => callerFor(services.deps, who.user);
  const hours = (h: number) => toChinaLocal(new Date(Date.now() + h * 3_600_000));

  beforeAll(async () => {
    services = await createTestServices();
    admin = await createTestAccount(services.deps.db, { role: "admin" });
  });
  afterAll(async () => {
    await services.close();
  });
  beforeEach(async () => {
    await services.deps.db.delete(webhookDeliveries);
    await services.deps.db.delete(webhooks);
    await queue();
  });

  async function hook(regionId: number | null) {
    const { id } = await createWebhook(
      { db: services.deps.db, now: () => new Date(), authSecret, allowPrivateUrls: true },
      admin.account,
      {
        name: "regional office",
        format: "generic",
        url: "http://127.0.0.1:9/hook",
        secret: "",
        locale: "en",
        regionId,
        forumId: null,
        kinds: ["meeting_scheduled", "decision_awaiting_confirmation"],
        active: true,
      },
    );
    return id;
  }
  const deliveriesOf = async (webhookId: number) =>
    (await services.deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId))).map(
      (d) => ({ ...d, notice: d.notice as WebhookNotice }),
    );

  it("a public forum's scheduling is told in full; a coordination meeting's only that one was scheduled", async () => {
    const [a] = await freshRegions(services.deps.db, 1);
    const [chair] = await insertAccounts(services.deps.db, a!.id, 1);
    await makeChair(services.deps.db, chair!);
    const everywhere = await hook(null);
    const base = { hostRegionId: a!.id, startsAt: hours(48), endsAt: hours(50), place: "Hangzhou" };
    const forum = await as(chair!).meetings.create({
      ...base,
      kind: "forum",
      publicPage: true,
      titleZh: "数字经济创新论坛",
      titleEn: "Digital economy innovation forum",
    });
    const secret = await as(chair!).meetings.create({
      ...base,
      kind: "coordination",
      titleZh: "闭门协调会",
      titleEn: "Closed-door coordination",
    });
    // A draft is nobody's business yet.
    expect(await queue()).toBe(0);
    await as(chair!).meetings.transition({ meetingId: forum.meetingId, action: "schedule" });
    await as(chair!).meetings.transition({ meetingId: secret.meetingId, action: "schedule" });
    expect(await queue()).toBe(2);
    expect(await queue()).toBe(0);
    const notices = (await deliveriesOf(everywhere)).map((d) => d.notice);
    const forumNotice = notices.find((n) => n.data.meetingId === forum.meetingId)!;
    expect(forumNotice.kind).toBe("meeting_scheduled");
    expect(forumNotice.title).toContain("Digital economy innovation forum");
    expect(forumNotice.link).toBe(`${baseUrl}/meetings/${forum.meetingId}`);
    const secretNotice = notices.find((n) => n.data.meetingId === secret.meetingId)!;
    expect(JSON.stringify(secretNotice)).not.toMatch(/Closed-door|闭门|Hangzhou/);
    expect(secretNotice.title).toBe("A coordination meeting has been scheduled");
  });

  it("the record awaiting confirmation reaches the asked regions' webhooks only", async () => {
    const [a, b, c] = await freshRegions(services.deps.db, 3);
    const [chair] = await insertAccounts(services.deps.db, a!.id, 1);
    const [memberB] = await insertAccounts(services.deps.db, b!.id, 1);
    await makeChair(services.deps.db, chair!);
    const { meetingId } = await as(chair!).meetings.create({
      kind: "forum",
      publicPage: true,
      titleZh: "海洋装备论坛",
      titleEn: "Marine equipment forum",
      hostRegionId: a!.id,
      startsAt: hours(30),
      endsAt: hours(31),
    });
    const { itemId } = await as(chair!).meetings.addItem({
      meetingId,
      titleZh: "分工",
      titleEn: "Division of labour",
      durationMinutes: 10,
    });
    await as(chair!).meetings.transition({ meetingId, action: "schedule" });
    await as(memberB!).meetings.register({ meetingId, mode: "online" });
    await as(chair!).meetings.transition({ meetingId, action: "start" });
    await as(chair!).meetings.recordDecision({ itemId, textZh: "共建测试场", textEn: "Build a shared test site" });
    await as(chair!).meetings.transition({ meetingId, action: "end" });
    await queue();
    const forB = await hook(b!.id);
    const forC = await hook(c!.id);
    await as(chair!).meetings.transition({ meetingId, action: "approve_minutes" });
    expect(await queue()).toBe(1);
    expect(await deliveriesOf(forC)).toHaveLength(0);
    const [delivery] = await deliveriesOf(forB);
    expect(delivery!.kind).toBe("decision_awaiting_confirmation");
    expect(delivery!.notice.title).toBe("Decisions of “Marine equipment forum” await each region's confirmation");
    expect(delivery!.notice.lines.join(" ")).toContain("1 decision");
    expect(delivery!.notice.link).toBe(`${baseUrl}/meetings/${meetingId}#record`);
  });
});
