import type { SessionUser } from "@/server/infra/auth/session";
import { applyForPosting, moveApplication } from "@/server/features/talent/applications";
import type { createPostingInput, expertiseInput } from "@/server/features/talent/contract";
import { saveExpertise } from "@/server/features/talent/expertise";
import { createPosting } from "@/server/features/talent/postings";
import type { ServiceDeps } from "@/server/infra/deps";
import type { ApplicationAction } from "@/shared/talent-vocabulary";
import type { z } from "zod";

type Posting = Omit<z.output<typeof createPostingInput>, "hostRegionId"> & { by: string; region: string };

const postings: Posting[] = [
  {
    by: "yantai.researcher@demo.xietong.cn",
    region: "yantai",
    kind: "secondment",
    title: "高端海工装备数字孪生联合研发挂职（6个月）",
    description:
      "参与海上风电安装平台的数字孪生建模与现场调试，与烟台团队共同完成一套可复用的装备健康监测方案。欢迎长三角、珠三角的仿真与控制方向研究人员。",
    field: "智能制造",
    durationMonths: 6,
    places: 2,
    support: "每月生活补贴 4000 元，提供人才公寓，往返交通费用报销",
    startsOn: "2027-03-01",
  },
  {
    by: "qingdao.member@demo.xietong.cn",
    region: "qingdao",
    kind: "visiting_researcher",
    title: "近海海洋观测网络访问学者",
    description: "在青岛海洋观测平台开展传感器标定、数据质控与赤潮预警模型研究，可使用科考船时与共享实验室。",
    field: "海洋科学",
    durationMonths: 3,
    places: 3,
    support: "提供办公场所与实验平台，科考船时优先安排",
    startsOn: null,
  },
  {
    by: "researcher@demo.xietong.cn",
    region: "shenzhen",
    kind: "joint_phd_supervision",
    title: "碳化硅功率器件封装方向联合培养博士",
    description: "与东莞、苏州的封测企业共同指导博士研究生，课题覆盖银烧结封装、可靠性测试与失效分析。",
    field: "半导体",
    durationMonths: 36,
    places: 2,
    support: "双导师制，企业提供产线实习与测试资源",
    startsOn: "2027-09-01",
  },
  {
    by: "member@demo.xietong.cn",
    region: "shanghai",
    kind: "short_training",
    title: "长三角科技政策协同短期研修班",
    description: "为各地科技管理部门的业务骨干开设两周研修，内容包括跨区域项目联合评审、利益共享机制设计与案例研讨。",
    field: "科技政策",
    durationMonths: 1,
    places: 20,
    support: "免收培训费，统一安排食宿",
    startsOn: "2027-04-12",
  },
  {
    by: "tianjin.member@demo.xietong.cn",
    region: "tianjin",
    kind: "joint_appointment",
    title: "Joint appointment: port logistics automation",
    description:
      "A part-time joint appointment with Tianjin Binhai Science Park for a researcher working on automated container handling and scheduling, shared with their home institution.",
    field: "Intelligent logistics",
    durationMonths: 24,
    places: 1,
    support: "Research allowance and a shared lab at the port; two visits a month covered",
    startsOn: null,
  },
  {
    by: "dongguan.member@demo.xietong.cn",
    region: "dongguan",
    kind: "secondment",
    title: "智能产线调试工程师挂职（3个月）",
    description: "参与东莞电子制造企业智能产线的调试与工艺优化，适合来自高校与研究院所的工业软件、机器视觉方向人员。",
    field: "智能制造",
    durationMonths: 3,
    places: 4,
    support: "企业提供住宿与每月 3000 元补贴",
    startsOn: "2027-02-15",
  },
];

/** Applications and the steps taken on them so far: [posting index, applicant, statement, steps]. */
const applications: [number, string, string, ApplicationAction[]][] = [
  [
    0,
    "researcher@demo.xietong.cn",
    "在深圳先进院负责功率电子装备的状态监测，希望把数字孪生方法带到海工装备上。",
    ["shortlist", "offer"],
  ],
  [
    1,
    "researcher@demo.xietong.cn",
    "研究低功耗传感器封装，可参与传感器标定与长期可靠性评估。",
    ["shortlist", "offer", "accept", "complete"],
  ],
  [2, "yantai.researcher@demo.xietong.cn", "我们有两名硕士生希望继续攻读封装可靠性方向的博士。", []],
  [3, "suzhou.member@demo.xietong.cn", "苏州工业园区希望派两名项目经理参加研修。", ["shortlist"]],
];

type Expertise = z.output<typeof expertiseInput>;

const expertise: [string, Expertise][] = [
  [
    "researcher@demo.xietong.cn",
    {
      fields: ["半导体", "功率电子"],
      keywords: ["碳化硅", "功率器件", "银烧结", "封装", "SiC"],
      links: [
        {
          kind: "patent",
          label: "一种碳化硅功率模块低温银烧结封装方法",
          url: "https://example.org/patents/cn-sic-sintering",
        },
        {
          kind: "publication",
          label: "Reliability of sintered-silver SiC modules",
          url: "https://example.org/papers/sic",
        },
      ],
      visibility: "public",
      recognitionOptOut: false,
    },
  ],
  [
    "yantai.researcher@demo.xietong.cn",
    {
      fields: ["智能制造", "海洋装备"],
      keywords: ["数字孪生", "高端装备", "海上风电", "状态监测"],
      links: [],
      visibility: "participants",
      recognitionOptOut: false,
    },
  ],
  [
    "qingdao.member@demo.xietong.cn",
    {
      fields: ["海洋科学"],
      keywords: ["海洋观测", "传感器", "赤潮预警", "海洋牧场"],
      links: [{ kind: "publication", label: "近海观测网络建设指南", url: "https://example.org/papers/ocean-network" }],
      visibility: "public",
      recognitionOptOut: false,
    },
  ],
  [
    "dongguan.member@demo.xietong.cn",
    {
      fields: ["智能制造", "集成电路"],
      keywords: ["芯片封装", "封装测试", "智能产线", "机器视觉"],
      links: [],
      visibility: "public",
      recognitionOptOut: false,
    },
  ],
  [
    "tianjin.member@demo.xietong.cn",
    {
      fields: ["Intelligent logistics"],
      keywords: ["port automation", "container scheduling", "港口自动化"],
      links: [],
      visibility: "public",
      recognitionOptOut: false,
    },
  ],
  [
    "member@demo.xietong.cn",
    {
      fields: ["科技政策"],
      keywords: ["区域协同", "利益共享", "联合评审"],
      links: [],
      visibility: "participants",
      recognitionOptOut: false,
    },
  ],
];

/**
 * Places of every kind across regions, applications at different steps (one completed, so recognition
 * shows an exchange), and expertise for the demo voices, through the real use-cases.
 */
export async function seedDemoTalent(
  deps: ServiceDeps,
  asUser: (email: string) => SessionUser,
  regionId: (code: string) => number,
): Promise<void> {
  for (const [email, profile] of expertise) await saveExpertise(deps, asUser(email), profile);
  const created: number[] = [];
  for (const { by, region, ...posting } of postings) {
    const row = await createPosting(deps, asUser(by), { ...posting, hostRegionId: regionId(region) });
    created.push(row.id);
  }
  for (const [index, email, statement, steps] of applications) {
    const postingId = created[index]!;
    const applied = await applyForPosting(deps, asUser(email), { postingId, statement });
    const host = asUser(postings[index]!.by);
    for (const action of steps) {
      const actor = action === "accept" ? asUser(email) : host;
      await moveApplication(deps, actor, { applicationId: applied.id, action });
    }
  }
}
