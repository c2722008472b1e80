import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountOrganisationTypes, accounts, projects, regionStrengthsTable, regions } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { createAchievement, publishProjectOutcomes } from "@/server/features/achievements/achievements";
import { postEnquiryMessage, startEnquiry } from "@/server/features/achievements/enquiries";
import { proposeTerms, respondToTerms } from "@/server/features/achievements/negotiate-terms";
import { recordDealFromTerms } from "@/server/features/achievements/record-deal";
import { createNeed } from "@/server/features/achievements/needs";
import { recordTransfer, setTransferPublication } from "@/server/features/achievements/transfers";
import { insertAccount } from "@/server/features/accounts/create-account";
import type { ServiceDeps } from "@/server/infra/deps";
import type { RegionStrength } from "@/shared/achievement-vocabulary";

/**
 * The paper's picture of the cities, in the table an admin can edit: Shanghai, Beijing and Shenzhen
 * lead in research and original innovation; Suzhou, Dongguan, Tianjin, Hebei and Yantai in
 * manufacturing and industrial upgrading; Hangzhou and Qingdao combine both.
 */
const strengths: Record<string, RegionStrength> = {
  shanghai: "rnd",
  beijing: "rnd",
  shenzhen: "rnd",
  hangzhou: "balanced",
  qingdao: "balanced",
  suzhou: "manufacturing",
  dongguan: "manufacturing",
  tianjin: "manufacturing",
  hebei: "manufacturing",
  yantai: "manufacturing",
};

/** Firms that post needs; like the other demo voices they cannot sign in. */
const firms = [
  {
    email: "dongguan.firm@demo.xietong.cn",
    displayName: "邓伟 Deng Wei",
    organisation: "东莞智驱电控有限公司",
    region: "dongguan",
  },
  {
    email: "suzhou.firm@demo.xietong.cn",
    displayName: "顾倩 Gu Qian",
    organisation: "苏州纳维精密制造有限公司",
    region: "suzhou",
  },
  {
    email: "tianjin.firm@demo.xietong.cn",
    displayName: "Li Na",
    organisation: "Tianjin Haiyun Equipment Co.",
    region: "tianjin",
  },
];

/**
 * Achievements, needs, an enquiry and two transfers, through the real use-cases: one from the
 * approved marine project, independent ones from Shenzhen and Shanghai, and needs from firms in the
 * manufacturing cities, so matches show the complementary-region rule at work.
 */
export async function seedDemoAchievements(deps: ServiceDeps, asUser: (email: string) => SessionUser): Promise<void> {
  const db: Db = deps.db;
  const regionRows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  const regionId = (code: string) => regionRows.find((r) => r.code === code)?.id ?? 0;
  for (const [code, strength] of Object.entries(strengths)) {
    if (!regionId(code)) continue;
    await db
      .insert(regionStrengthsTable)
      .values({ regionId: regionId(code), strength })
      .onConflictDoNothing();
  }
  const firmUsers: SessionUser[] = [];
  for (const firm of firms) {
    let [row] = await db
      .select()
      .from(accounts)
      .where(sql`lower(${accounts.email}) = ${firm.email}`);
    row ??= await db.transaction((tx) =>
      insertAccount(tx, {
        ...firm,
        role: "researcher",
        regionId: regionId(firm.region),
        password: randomBytes(24).toString("base64url"),
      }),
    );
    await db
      .insert(accountOrganisationTypes)
      .values({ accountId: row.id, organisationType: "enterprise" })
      .onConflictDoNothing();
    firmUsers.push({
      id: row.id,
      role: row.role,
      regionId: row.regionId,
      displayName: row.displayName,
      locale: row.locale,
    });
  }
  const [dongguanFirm, suzhouFirm, tianjinFirm] = firmUsers as [SessionUser, SessionUser, SessionUser];
  const researcher = asUser("researcher@demo.xietong.cn");

  const sic = await createAchievement(deps, researcher, {
    kind: "patent",
    titleZh: "碳化硅功率模块低温银烧结封装工艺",
    titleEn: "Low-temperature silver sintering for silicon carbide power modules",
    summaryZh:
      "以纳米银烧结替代传统焊料，使碳化硅功率模块可在 200°C 以上长期工作，热循环寿命提高三倍。适用于新能源汽车电驱和光伏逆变器。",
    summaryEn:
      "Nano-silver sintering replaces solder so that SiC power modules run above 200 °C for long periods, tripling thermal-cycle life. For EV drives and solar inverters.",
    trl: 6,
    ipStatus: "granted",
    ipNumber: "ZL202210345678.9",
    transferModes: ["licence", "joint_development"],
    priceYuan: null,
    sectors: ["半导体", "新能源汽车"],
    owners: [
      { organisation: "深圳先进技术研究院", regionId: regionId("shenzhen") },
      { organisation: "上海微系统研究所", regionId: regionId("shanghai") },
    ],
    publish: true,
    originProjectId: null,
  });
  await createAchievement(deps, researcher, {
    kind: "software",
    titleZh: "工业视觉缺陷检测开源工具包",
    titleEn: "Open toolkit for industrial visual defect inspection",
    summaryZh: "基于小样本学习的表面缺陷检测软件，二十张样本即可训练，已在精密零件产线验证。",
    summaryEn: "Few-shot surface defect inspection: trains from twenty samples; proven on precision-parts lines.",
    trl: 7,
    ipStatus: "filed",
    ipNumber: "2024SR0123456",
    transferModes: ["licence", "service"],
    priceYuan: 300_000,
    sectors: ["人工智能", "智能制造"],
    owners: [{ organisation: "深圳先进技术研究院", regionId: regionId("shenzhen") }],
    publish: true,
    originProjectId: null,
  });
  await createAchievement(deps, asUser("member@demo.xietong.cn"), {
    kind: "dataset",
    titleZh: "长三角区域技术交易统计数据集（2019–2024）",
    titleEn: "Yangtze River Delta technology transaction statistics, 2019–2024",
    summaryZh: "按城市、行业和转化方式汇总的技术合同登记数据，供政策研究使用。",
    summaryEn: "Registered technology contracts by city, sector and transfer mode, for policy research.",
    trl: 9,
    ipStatus: "none",
    ipNumber: null,
    transferModes: ["service"],
    priceYuan: null,
    sectors: ["政策研究"],
    owners: [{ organisation: "上海市科学技术委员会", regionId: regionId("shanghai") }],
    publish: true,
    originProjectId: null,
  });

  // The marine project's ballot closed with a result: if approved, its outcomes are published in one step.
  const [marine] = await db.select().from(projects).where(eq(projects.title, "青烟海洋观测装备共研共享平台"));
  if (marine?.status === "approved") {
    await publishProjectOutcomes(deps, asUser("qingdao.member@demo.xietong.cn"), {
      projectId: marine.id,
      transferModes: ["licence", "joint_development"],
      outcomes: [
        {
          kind: "prototype",
          titleZh: "深远海观测浮标样机",
          titleEn: "Deep-sea observation buoy prototype",
          summaryZh: "可在十二级风浪下连续工作一年的观测浮标，搭载水文和气象传感器。",
          summaryEn:
            "An observation buoy that works a year through force-12 seas, carrying hydrological and weather sensors.",
          trl: 6,
        },
        {
          kind: "standard",
          titleZh: "海洋观测装备海试测试规范",
          titleEn: "Sea-trial test standard for ocean observation equipment",
          summaryZh: "涵盖浮标、潜标的海上测试流程与验收指标。",
          summaryEn: "Sea-trial procedures and acceptance figures for buoys and subsurface moorings.",
          trl: 8,
        },
      ],
    });
  }

  const evNeed = await createNeed(deps, dongguanFirm, {
    title: "电驱控制器需要耐高温的碳化硅功率模块封装",
    problem: "现有焊料封装的碳化硅模块在 175°C 以上易失效，寻求烧结封装工艺或合作开发，用于新能源汽车电驱量产。",
    sectors: ["半导体", "新能源汽车"],
    budgetMinYuan: 800_000,
    budgetMaxYuan: 5_000_000,
    timelineMonths: 18,
    minTrl: 6,
  });
  await createNeed(deps, suzhouFirm, {
    title: "精密零件表面缺陷的自动检测",
    problem: "人工目检漏检率高，希望引入视觉检测软件，样本少、换型频繁。",
    sectors: ["智能制造"],
    budgetMinYuan: 200_000,
    budgetMaxYuan: 600_000,
    timelineMonths: 6,
    minTrl: 7,
  });
  await createNeed(deps, tianjinFirm, {
    title: "Ocean buoy for offshore wind farm monitoring",
    problem: "We need rugged observation buoys with weather sensors to monitor an offshore wind farm in the Bohai Sea.",
    sectors: ["海洋"],
    budgetMinYuan: null,
    budgetMaxYuan: 2_000_000,
    timelineMonths: 12,
    minTrl: 5,
  });

  // One enquiry negotiated to a licence: the firm's offer, the owners' counter-offer with revenue shares
  // for the three regions party to it (Shenzhen and Shanghai own, Dongguan buys), accepted and recorded,
  // its value published by both sides. One joint development kept confidential.
  const { enquiryId } = await startEnquiry(deps, dongguanFirm, {
    achievementId: sic.id,
    needId: evNeed.id,
    body: "我们计划明年量产新一代电驱，想了解烧结工艺的许可条件和中试支持。",
  });
  await proposeTerms(deps, dongguanFirm, {
    enquiryId,
    mode: "licence",
    valueYuan: 1_500_000,
    shares: [
      { regionId: regionId("shenzhen"), revenueBp: 3_500 },
      { regionId: regionId("shanghai"), revenueBp: 1_500 },
      { regionId: regionId("dongguan"), revenueBp: 5_000 },
    ],
    note: "首年许可费一次付清；量产收益东莞一半，两地研发方分享另一半。",
  });
  await postEnquiryMessage(deps, researcher, {
    enquiryId,
    body: "中试线和工艺包由深圳、上海两地团队共同支持，我们提出一版按地区的收益分成。",
  });
  const counter = await proposeTerms(deps, researcher, {
    enquiryId,
    mode: "licence",
    valueYuan: 1_800_000,
    shares: [
      { regionId: regionId("shenzhen"), revenueBp: 4_500 },
      { regionId: regionId("shanghai"), revenueBp: 2_000 },
      { regionId: regionId("dongguan"), revenueBp: 3_500 },
    ],
    note: "含 6 个月中试支持；深圳牵头工艺转移，上海提供测试方法。",
  });
  await respondToTerms(deps, dongguanFirm, { termsId: counter.id, response: "accept" });
  const licence = await recordDealFromTerms(deps, researcher, {
    termsId: counter.id,
    signedOn: "2026-10-18",
    publishValue: true,
    project: null,
  });
  await setTransferPublication(deps, dongguanFirm, licence.id, true);
  await recordTransfer(deps, researcher, {
    achievementId: sic.id,
    enquiryId: null,
    mode: "joint_development",
    buyerOrganisation: "苏州纳维精密制造有限公司",
    buyerRegionId: regionId("suzhou"),
    valueYuan: 950_000,
    publishValue: false,
    signedOn: "2026-11-05",
    project: null,
  });
}
