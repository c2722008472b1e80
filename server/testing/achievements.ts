import type { CreateAchievementInput } from "@/server/features/achievements/contract";
import type { ServiceDeps } from "@/server/infra/deps";
import { callerFor, createTestAccount, type TestAccount } from "./fixtures";

/** A published patent owned in Shenzhen (a silicon-carbide package), unless `over` says otherwise. */
export function achievementInput(
  regionId: (code: string) => number,
  over: Partial<CreateAchievementInput> = {},
): CreateAchievementInput {
  return {
    kind: "patent",
    titleZh: "碳化硅功率器件低温烧结封装工艺",
    titleEn: "Low-temperature sintering package for silicon carbide power devices",
    summaryZh: "银烧结替代焊料，提高碳化硅模块的耐热性与可靠性。",
    summaryEn: "Silver sintering replaces solder, raising the heat tolerance and reliability of SiC modules.",
    trl: 6,
    ipStatus: "granted",
    ipNumber: "ZL202310000001.1",
    transferModes: ["licence", "joint_development"],
    priceYuan: null,
    sectors: ["半导体"],
    owners: [{ organisation: "深圳先进技术研究院", regionId: regionId("shenzhen") }],
    publish: true,
    originProjectId: null,
    ...over,
  };
}

/** A researcher an admin marked as speaking for an enterprise, so they may post needs. */
export async function enterpriseAccount(
  deps: ServiceDeps,
  regionCode: string,
  organisation: string,
): Promise<TestAccount> {
  const firm = await createTestAccount(deps.db, { role: "researcher", regionCode, organisation });
  const admin = await createTestAccount(deps.db, { role: "admin", regionCode: "shanghai" });
  await callerFor(deps, admin.user).achievements.setOrganisationType({
    accountId: firm.account.id,
    organisationType: "enterprise",
  });
  return firm;
}
