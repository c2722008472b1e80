import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import type { CreateAchievementInput } from "./contract";

let services: TestServices;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const account = (role: Role, regionCode: string) =>
  createTestAccount(services.deps.db, { role, regionCode, organisation: "Test organisation" });

const achievementInput = (over: Partial<CreateAchievementInput> = {}): CreateAchievementInput => ({
  kind: "patent",
  titleZh: "高比能固态电池电解质膜",
  titleEn: "Solid electrolyte film for high-energy batteries",
  summaryZh: "硫化物电解质膜，室温离子电导率高。",
  summaryEn: "A sulphide electrolyte film with high room-temperature conductivity.",
  trl: 5,
  ipStatus: "granted",
  ipNumber: "ZL202410000002.2",
  transferModes: ["licence"],
  priceYuan: null,
  sectors: ["储能"],
  owners: [{ organisation: "深圳储能研究所", regionId: regionId("shenzhen") }],
  publish: true,
  originProjectId: null,
  ...over,
});

const hiddenValue = 1_234_567;
const publishedYuan = 2_468_013;
const draftValue = 7_777_777;

describe(`achievement exports, deals feed and region deals (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let owner: TestAccount;
  let buyer: TestAccount;
  let achievementId: number;
  let draftId: number;

  beforeAll(async () => {
    owner = await account("researcher", "shenzhen");
    buyer = await account("researcher", "dongguan");
    // A title a spreadsheet would run as a formula if it were written raw.
    ({ id: achievementId } = await as(owner).achievements.create(
      achievementInput({ titleEn: '=HYPERLINK("http://evil.example","open")' }),
    ));
    ({ id: draftId } = await as(owner).achievements.create(
      achievementInput({ publish: false, titleEn: "Unpublished draft achievement" }),
    ));
    const { enquiryId } = await as(buyer).achievements.enquire({
      achievementId,
      needId: null,
      body: "请介绍许可条件。",
    });
    const deal = {
      achievementId,
      mode: "licence" as const,
      buyerRegionId: regionId("dongguan"),
      publishValue: true,
      signedOn: "2026-11-01",
    };
    // Seller says yes, the buyer never does: the value stays between them.
    await as(owner).achievements.recordTransfer({
      ...deal,
      enquiryId: null,
      buyerOrganisation: "东莞电池厂",
      valueYuan: hiddenValue,
    });
    const { id: both } = await as(owner).achievements.recordTransfer({
      ...deal,
      enquiryId,
      buyerOrganisation: "+SUM(1,2)",
      valueYuan: publishedYuan,
      signedOn: "2026-11-20",
    });
    await as(buyer).achievements.publishTransferValue({ transferId: both, publish: true });
    // A deal on a draft: private to its parties, whatever is agreed about its value.
    await as(owner).achievements.recordTransfer({
      ...deal,
      achievementId: draftId,
      enquiryId: null,
      buyerOrganisation: "草稿买方",
      valueYuan: draftValue,
    });
  });

  it("[EXPORT] the registry export holds only published achievements, with the showcase's filters", async () => {
    for (const reader of [null, owner]) {
      const json = JSON.parse((await as(reader).achievements.exportRegistry({ format: "json" })).text) as {
        achievements: { id: number }[];
      };
      const ids = json.achievements.map((a) => a.id);
      expect(ids).toContain(achievementId);
      // Even its owner's export leaves the draft out: an export is the published registry.
      expect(ids).not.toContain(draftId);
    }
    const filtered = await as(null).achievements.exportRegistry({ format: "csv", regionId: regionId("dongguan") });
    expect(filtered.text).not.toContain("Solid electrolyte");
    const csv = await as(null).achievements.exportRegistry({ format: "csv", regionId: regionId("shenzhen") });
    expect(csv.filename).toBe("achievements-registry.csv");
    expect(csv.text.startsWith("id,kind,title_zh,title_en,")).toBe(true);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""open"")"`);
    expect(csv.text).not.toContain("Unpublished draft");
    expect(csv.text).not.toContain(owner.account.email);
  });

  it("[PRIVACY] deal exports and region figures show a value only when both sides published it, never a draft's deal", async () => {
    const files = await Promise.all([
      as(null).achievements.exportDeals({ format: "csv" }),
      as(owner).achievements.exportDeals({ format: "json" }),
      as(buyer).achievements.exportDeals({ format: "csv" }),
    ]);
    const shown = JSON.stringify([files, await as(null).achievements.deals()]);
    expect(shown).toContain(String(publishedYuan));
    expect(shown).not.toContain(String(hiddenValue));
    expect(shown).not.toContain(String(draftValue));
    expect(shown).not.toContain("草稿买方");
    expect(shown).not.toContain(buyer.account.email);
    // Formula guard on a buyer's organisation typed by a person.
    expect(files[0].text).toContain("'+SUM(1,2)");
    const deals = JSON.parse(files[1].text) as { deals: { valueYuan: number | null; buyerOrganisation: string }[] };
    expect(deals.deals.map((d) => [d.buyerOrganisation, d.valueYuan])).toEqual([
      ["东莞电池厂", null],
      ["+SUM(1,2)", publishedYuan],
    ]);

    const shenzhen = await as(null).achievements.regionDeals({ regionId: regionId("shenzhen") });
    const dongguan = await as(null).achievements.regionDeals({ regionId: regionId("dongguan") });
    expect([shenzhen.out.count, shenzhen.in.count, dongguan.out.count, dongguan.in.count]).toEqual([2, 0, 0, 2]);
    // Newest first, and the draft's deal is counted nowhere.
    expect(dongguan.in.deals.map((d) => d.signedOn)).toEqual(["2026-11-20", "2026-11-01"]);
    expect(JSON.stringify([shenzhen, dongguan])).not.toContain(String(hiddenValue));
    expect(JSON.stringify([shenzhen, dongguan])).not.toContain(String(draftValue));
  });
});
