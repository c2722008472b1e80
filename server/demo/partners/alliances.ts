import { count, sql } from "drizzle-orm";
import { accounts, alliances, organisations, regions } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { homeProject, answerInvitation, inviteOrganisation } from "@/server/features/alliances/memberships";
import { foundAlliance } from "@/server/features/alliances/found-alliance";
import { linkUnlinkedAccounts } from "@/server/features/organisations";
import { matchKeysOf } from "@/server/features/organisations/rules/normalise-name";
import type { ServiceDeps } from "@/server/infra/deps";
import type { ChainRole, OrganisationType } from "@/shared/alliance-vocabulary";

interface DemoOrganisation {
  nameZh: string;
  nameEn: string;
  aliases?: string[];
  type: OrganisationType;
  region: string;
  sectors: string[];
}

/**
 * Organisations in every region of the paper. Several are spelled differently from the demo profiles
 * (另一种公司后缀, "Co., Ltd." for "Co."), so the free-text migration shows its normalised matches; a few
 * profiles (the platform team, 苏州纳米所) match nothing and wait on the admin's review list.
 */
const demoOrganisations: DemoOrganisation[] = [
  {
    nameZh: "上海市科学技术委员会",
    nameEn: "Shanghai Science and Technology Commission",
    type: "government",
    region: "shanghai",
    sectors: ["科技管理"],
  },
  {
    nameZh: "上海交通大学",
    nameEn: "Shanghai Jiao Tong University",
    aliases: ["上海交大"],
    type: "university",
    region: "shanghai",
    sectors: ["集成电路", "海洋工程"],
  },
  {
    nameZh: "上海芯思集成电路设计有限公司",
    nameEn: "Shanghai Xinsi IC Design Co., Ltd.",
    type: "enterprise",
    region: "shanghai",
    sectors: ["集成电路"],
  },
  {
    nameZh: "上海微电子装备股份有限公司",
    nameEn: "Shanghai Micro Electronics Equipment Co., Ltd.",
    type: "enterprise",
    region: "shanghai",
    sectors: ["集成电路", "装备"],
  },
  {
    nameZh: "杭州芯原微电子有限公司",
    nameEn: "Hangzhou Xinyuan Microelectronics Co., Ltd.",
    type: "enterprise",
    region: "hangzhou",
    sectors: ["集成电路"],
  },
  {
    nameZh: "杭州生物医药创新中心",
    nameEn: "Hangzhou Biomedical Innovation Centre",
    type: "institute",
    region: "hangzhou",
    sectors: ["生物医药"],
  },
  {
    nameZh: "苏州纳维精密制造股份有限公司",
    nameEn: "Suzhou Nawei Precision Manufacturing Co., Ltd.",
    type: "enterprise",
    region: "suzhou",
    sectors: ["集成电路", "精密制造"],
  },
  {
    nameZh: "苏州晶测半导体封装有限公司",
    nameEn: "Suzhou Jingce Semiconductor Packaging Co., Ltd.",
    type: "enterprise",
    region: "suzhou",
    sectors: ["集成电路"],
  },
  {
    nameZh: "苏州工业园区管委会",
    nameEn: "Suzhou Industrial Park Administrative Committee",
    type: "government",
    region: "suzhou",
    sectors: ["园区服务"],
  },
  {
    nameZh: "深圳先进技术研究院",
    nameEn: "Shenzhen Institute of Advanced Technology",
    type: "institute",
    region: "shenzhen",
    sectors: ["集成电路", "机器人"],
  },
  {
    nameZh: "深圳市科技创新局",
    nameEn: "Shenzhen Science, Technology and Innovation Bureau",
    type: "government",
    region: "shenzhen",
    sectors: ["科技管理"],
  },
  {
    nameZh: "东莞智驱电控股份有限公司",
    nameEn: "Dongguan Zhiqu Electric Control Co., Ltd.",
    type: "enterprise",
    region: "dongguan",
    sectors: ["电控"],
  },
  {
    nameZh: "东莞市发展和改革局",
    nameEn: "Dongguan Development and Reform Bureau",
    type: "government",
    region: "dongguan",
    sectors: ["产业规划"],
  },
  {
    nameZh: "京津冀协同发展办公室",
    nameEn: "Beijing–Tianjin–Hebei Coordinated Development Office",
    type: "government",
    region: "beijing",
    sectors: ["区域协同"],
  },
  {
    nameZh: "北京氢能研究院",
    nameEn: "Beijing Hydrogen Energy Institute",
    type: "institute",
    region: "beijing",
    sectors: ["氢能"],
  },
  {
    nameZh: "天津海运装备有限公司",
    nameEn: "Tianjin Haiyun Equipment Co., Ltd.",
    type: "enterprise",
    region: "tianjin",
    sectors: ["海洋装备"],
  },
  {
    nameZh: "天津滨海科技园",
    nameEn: "Tianjin Binhai Science Park",
    type: "government",
    region: "tianjin",
    sectors: ["园区服务"],
  },
  {
    nameZh: "河北氢能装备有限公司",
    nameEn: "Hebei Hydrogen Equipment Co., Ltd.",
    aliases: ["河北氢能装备公司"],
    type: "enterprise",
    region: "hebei",
    sectors: ["氢能"],
  },
  {
    nameZh: "青岛海洋科学与技术中心",
    nameEn: "Qingdao Marine Science and Technology Centre",
    type: "institute",
    region: "qingdao",
    sectors: ["海洋科学"],
  },
  {
    nameZh: "青岛市科技局",
    nameEn: "Qingdao Science and Technology Bureau",
    type: "government",
    region: "qingdao",
    sectors: ["科技管理"],
  },
  {
    nameZh: "青岛蓝海产业投资基金",
    nameEn: "Qingdao Blue Ocean Industry Fund",
    type: "enterprise",
    region: "qingdao",
    sectors: ["产业金融"],
  },
  {
    nameZh: "烟台高端装备研究院",
    nameEn: "Yantai Advanced Equipment Institute",
    type: "institute",
    region: "yantai",
    sectors: ["海洋装备"],
  },
  {
    nameZh: "烟台海工装备集团",
    nameEn: "Yantai Offshore Equipment Group",
    type: "enterprise",
    region: "yantai",
    sectors: ["海洋装备"],
  },
  {
    nameZh: "烟台市科学技术局",
    nameEn: "Yantai Science and Technology Bureau",
    type: "government",
    region: "yantai",
    sectors: ["科技管理"],
  },
];

interface DemoAlliance {
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  sectors: string[];
  founder: { email: string; chainRole: ChainRole; contribution: string };
  members: { nameZh: string; chainRole: ChainRole; contribution: string; accept: boolean }[];
  project: "chips" | "marine";
}

const demoAlliances: DemoAlliance[] = [
  {
    nameZh: "长三角集成电路产业创新联盟",
    nameEn: "YRD Integrated Circuit Innovation Alliance",
    descriptionZh: "上海做设计和装备，苏州做制造和封测，杭州做设计，各展所长，避免在同一环节扎堆。",
    descriptionEn:
      "Shanghai designs and builds equipment, Suzhou manufactures, packages and tests, Hangzhou designs: each city in its place rather than all in one stage.",
    sectors: ["集成电路"],
    founder: {
      email: "suzhou.firm@demo.xietong.cn",
      chainRole: "manufacturing",
      contribution: "12 英寸特色工艺产线 / 12-inch specialty process line",
    },
    members: [
      {
        nameZh: "上海交通大学",
        chainRole: "design",
        contribution: "EDA 与芯片架构研究 / EDA and chip architecture research",
        accept: true,
      },
      {
        nameZh: "上海芯思集成电路设计有限公司",
        chainRole: "design",
        contribution: "车规级 MCU 设计 / Automotive MCU design",
        accept: true,
      },
      {
        nameZh: "上海微电子装备股份有限公司",
        chainRole: "equipment",
        contribution: "光刻与检测装备 / Lithography and inspection equipment",
        accept: true,
      },
      {
        nameZh: "苏州晶测半导体封装有限公司",
        chainRole: "packaging_testing",
        contribution: "先进封装与测试 / Advanced packaging and testing",
        accept: true,
      },
      {
        nameZh: "杭州芯原微电子有限公司",
        chainRole: "design",
        contribution: "IP 核授权 / IP core licensing",
        accept: true,
      },
      {
        nameZh: "深圳先进技术研究院",
        chainRole: "application",
        contribution: "机器人芯片应用验证 / Robot-chip application trials",
        accept: false,
      },
    ],
    project: "chips",
  },
  {
    nameZh: "山东半岛海洋装备产业联盟",
    nameEn: "Shandong Peninsula Marine Equipment Alliance",
    descriptionZh: "青岛研发与金融、烟台制造、天津材料，共建海洋装备产业链。",
    descriptionEn:
      "Qingdao researches and finances, Yantai manufactures, Tianjin supplies materials: one marine equipment chain.",
    sectors: ["海洋装备"],
    founder: {
      email: "yantai.researcher@demo.xietong.cn",
      chainRole: "design",
      contribution: "深远海装备总体设计 / Overall design of deep-sea equipment",
    },
    members: [
      {
        nameZh: "烟台海工装备集团",
        chainRole: "manufacturing",
        contribution: "海工平台总装 / Offshore platform assembly",
        accept: true,
      },
      {
        nameZh: "青岛海洋科学与技术中心",
        chainRole: "design",
        contribution: "海洋观测技术 / Ocean observation technology",
        accept: true,
      },
      {
        nameZh: "天津海运装备有限公司",
        chainRole: "materials",
        contribution: "耐腐蚀材料 / Corrosion-resistant materials",
        accept: true,
      },
      { nameZh: "青岛蓝海产业投资基金", chainRole: "finance", contribution: "产业基金 / Industry fund", accept: true },
      {
        nameZh: "青岛市科技局",
        chainRole: "service",
        contribution: "政策与场景 / Policy and pilot sites",
        accept: true,
      },
    ],
    project: "marine",
  },
];

/**
 * Organisations in every region, the free-text migration run over the demo profiles, and two
 * alliances founded, joined and given their projects through the real use-cases. An admin answers
 * for member organisations that have nobody on the platform yet (as the invited side would).
 */
export async function seedDemoAlliances(
  deps: ServiceDeps,
  projects: { chips?: number; marine?: number },
): Promise<void> {
  const db = deps.db;
  const [existing] = await db.select({ n: count() }).from(alliances);
  if ((existing?.n ?? 0) > 0) return;
  const regionRows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  const regionId = (code: string) => regionRows.find((r) => r.code === code)!.id;
  const [known] = await db.select({ n: count() }).from(organisations);
  if ((known?.n ?? 0) === 0) {
    await db.insert(organisations).values(
      demoOrganisations.map(({ region, aliases = [], ...o }) => ({
        ...o,
        aliases,
        regionId: regionId(region),
        matchKeys: matchKeysOf({ ...o, aliases }),
      })),
    );
  }
  await linkUnlinkedAccounts(db);

  const asUser = async (email: string): Promise<SessionUser> => {
    const [a] = await db
      .select()
      .from(accounts)
      .where(sql`lower(${accounts.email}) = ${email}`);
    if (!a) throw new Error(`demo account ${email} is missing`);
    return { id: a.id, role: a.role, regionId: a.regionId, displayName: a.displayName, locale: a.locale };
  };
  const admin = await asUser("admin@demo.xietong.cn");
  const orgRows = await db.select({ id: organisations.id, nameZh: organisations.nameZh }).from(organisations);
  for (const seed of demoAlliances) {
    const founder = await asUser(seed.founder.email);
    const alliance = await foundAlliance(deps, founder, {
      nameZh: seed.nameZh,
      nameEn: seed.nameEn,
      descriptionZh: seed.descriptionZh,
      descriptionEn: seed.descriptionEn,
      sectors: seed.sectors,
      chainRole: seed.founder.chainRole,
      contribution: seed.founder.contribution,
    });
    for (const m of seed.members) {
      const org = orgRows.find((o) => o.nameZh === m.nameZh);
      if (!org) continue;
      const invitation = await inviteOrganisation(deps, founder, {
        allianceId: alliance.id,
        organisationId: org.id,
        chainRole: m.chainRole,
        contribution: m.contribution,
      });
      if (m.accept) await answerInvitation(deps, admin, { memberId: invitation.id, accept: true, contribution: "" });
    }
    const projectId = projects[seed.project];
    if (projectId !== undefined) await homeProject(deps, admin, { allianceId: alliance.id, projectId });
  }
}
