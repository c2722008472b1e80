/**
 * Seed content for Xietong (协同).
 *
 * Paraphrased from Hu, "Research on optimizing the layout of new quality
 * productivity on cross-regional synergistic science and technology innovation
 * and economic development" (sections 3 and 4.1–4.5). All wording is original.
 */

export interface SeedCluster {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
}

export interface SeedRegion {
  code: string;
  clusterCode: string;
  nameZh: string;
  nameEn: string;
  strengthZh: string;
  strengthEn: string;
}

export interface SeedMeasure {
  code: string;
  titleZh: string;
  titleEn: string;
  textZh: string;
  textEn: string;
}

export interface SeedRecommendation {
  number: 1 | 2 | 3 | 4 | 5;
  section: string;
  slug: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  measures: SeedMeasure[];
}

export const seedClusters: readonly SeedCluster[] = [
  {
    code: "yrd",
    nameZh: "长江三角洲",
    nameEn: "Yangtze River Delta",
    descriptionZh: "上海的科研与金融优势、杭州的互联网产业和苏州的制造业相互赋能，人才、资本与技术在城市间流动活跃。",
    descriptionEn:
      "Shanghai's research and finance, Hangzhou's internet sector and Suzhou's factories reinforce one another as talent, capital and technology move between them.",
  },
  {
    code: "prd",
    nameZh: "珠江三角洲",
    nameEn: "Pearl River Delta",
    descriptionZh: "深圳的研发成果可在东莞迅速实现量产，并带动周边城市形成上下游贯通的产业协同创新链条。",
    descriptionEn:
      "Shenzhen's electronics and AI research is quickly turned into products in Dongguan, anchoring an industrial chain that reaches into neighbouring cities.",
  },
  {
    code: "jjj",
    nameZh: "京津冀",
    nameEn: "Beijing–Tianjin–Hebei",
    descriptionZh: "北京的创新政策与创新氛围向津冀两地辐射，三地合力共建园区和成果转化平台，共同培育区域创新生态。",
    descriptionEn:
      "Beijing's pro-innovation policies and culture spread to Tianjin and Hebei, and the three build shared parks and technology-transfer platforms together.",
  },
  {
    code: "sdp",
    nameZh: "山东半岛",
    nameEn: "Shandong Peninsula",
    descriptionZh: "青岛的海洋科技与烟台的高端装备制造优势互补，两地共享科研设施和数据，联合开展科研攻关。",
    descriptionEn:
      "Qingdao's marine research and Yantai's equipment makers pool facilities and data and run joint research projects.",
  },
];

export const seedRegions: readonly SeedRegion[] = [
  {
    code: "shanghai",
    clusterCode: "yrd",
    nameZh: "上海",
    nameEn: "Shanghai",
    strengthZh: "顶尖科研院所集聚，金融资源雄厚",
    strengthEn: "Top research institutes and deep financial resources",
  },
  {
    code: "hangzhou",
    clusterCode: "yrd",
    nameZh: "杭州",
    nameEn: "Hangzhou",
    strengthZh: "互联网技术领先，互联网人才密集",
    strengthEn: "Internet technology and a large pool of internet talent",
  },
  {
    code: "suzhou",
    clusterCode: "yrd",
    nameZh: "苏州",
    nameEn: "Suzhou",
    strengthZh: "制造业创新能力突出",
    strengthEn: "Innovation in manufacturing",
  },
  {
    code: "shenzhen",
    clusterCode: "prd",
    nameZh: "深圳",
    nameEn: "Shenzhen",
    strengthZh: "电子信息与人工智能研发实力领先",
    strengthEn: "Electronics and AI research",
  },
  {
    code: "dongguan",
    clusterCode: "prd",
    nameZh: "东莞",
    nameEn: "Dongguan",
    strengthZh: "电子制造产业基础雄厚",
    strengthEn: "A strong electronics manufacturing base",
  },
  {
    code: "beijing",
    clusterCode: "jjj",
    nameZh: "北京",
    nameEn: "Beijing",
    strengthZh: "科技创新策源与高端服务业",
    strengthEn: "Tech innovation and high-end services",
  },
  {
    code: "tianjin",
    clusterCode: "jjj",
    nameZh: "天津",
    nameEn: "Tianjin",
    strengthZh: "先进制造业与现代航运",
    strengthEn: "Advanced manufacturing and shipping",
  },
  {
    code: "hebei",
    clusterCode: "jjj",
    nameZh: "河北",
    nameEn: "Hebei",
    strengthZh: "传统产业转型升级与承接产业转移",
    strengthEn: "Upgrading traditional industry and hosting relocated industry",
  },
  {
    code: "qingdao",
    clusterCode: "sdp",
    nameZh: "青岛",
    nameEn: "Qingdao",
    strengthZh: "海洋科技创新",
    strengthEn: "Marine science and technology",
  },
  {
    code: "yantai",
    clusterCode: "sdp",
    nameZh: "烟台",
    nameEn: "Yantai",
    strengthZh: "高端装备制造",
    strengthEn: "High-end equipment manufacturing",
  },
];

export const seedRecommendations: readonly SeedRecommendation[] = [
  {
    number: 1,
    section: "4.1",
    slug: "coordination-mechanisms",
    titleZh: "健全区域协调机制，破除行政壁垒",
    titleEn: "Strengthen regional coordination and remove administrative barriers",
    summaryZh:
      "组建东部各省市主要负责同志参与的高层级统筹机构，畅通政府、科研机构与企业之间的常态化沟通渠道，确保跨区域协同不因行政边界而受阻。",
    summaryEn:
      "Set up senior-level coordination across the eastern provinces and cities, and keep governments, research bodies and firms in regular contact so joint work is not stalled by jurisdictional lines.",
    measures: [
      {
        code: "4.1-a",
        titleZh: "组建高层级统筹机构",
        titleEn: "Senior coordinating body",
        textZh:
          "由东部省市主要领导共同参与，组建跨区域统筹机构，对科技创新与经济发展重大事项进行顶层谋划，可借鉴长三角区域一体化发展领导小组的做法。",
        textEn:
          "Create a cross-regional body led by senior officials from the eastern provinces and cities to plan major innovation and economic matters, following the model of the Yangtze River Delta integration leading group.",
      },
      {
        code: "4.1-b",
        titleZh: "建立定期会商制度",
        titleEn: "Scheduled joint meetings",
        textZh: "统筹机构定期召开会议，集中研究合作项目，协商利益分配，化解地方间政策冲突。",
        textEn:
          "Have the body meet on a fixed schedule to review joint projects, agree how gains are shared and settle clashing local policies.",
      },
      {
        code: "4.1-c",
        titleZh: "完善多层次沟通协商机制",
        titleEn: "Multi-level consultation channels",
        textZh: "构建常态化沟通协商机制，支持区域内政府部门、科研院所和企业开展多层次、多主体交流。",
        textEn:
          "Give government departments, research institutes and companies across the region standing channels to consult one another at several levels.",
      },
      {
        code: "4.1-d",
        titleZh: "定期举办区域创新发展论坛",
        titleEn: "Regional innovation forums",
        textZh:
          "搭建线上线下相结合的交流平台，定期举办区域创新发展论坛，促进信息共享与经验互鉴，及时发现并解决协同中出现的问题。",
        textEn:
          "Run recurring online and in-person forums where participants swap information and lessons and surface collaboration problems early enough to fix them.",
      },
    ],
  },
  {
    number: 2,
    section: "4.2",
    slug: "innovation-investment",
    titleZh: "加大创新投入，完善创新支撑体系",
    titleEn: "Raise innovation funding and strengthen support systems",
    summaryZh:
      "由中央与地方共同出资设立跨区域协同创新专项资金，引导银行和社会资本加大投入，拓宽创新主体融资来源，缓解创新活动的资金瓶颈。",
    summaryEn:
      "Pool central and local money into a dedicated fund for joint innovation, bring in banks and venture investors, and widen financing options so a lack of money does not hold innovation back.",
    measures: [
      {
        code: "4.2-a",
        titleZh: "设立协同创新专项资金",
        titleEn: "Joint innovation fund",
        textZh: "设立由中央和地方共同出资的跨区域协同创新专项资金，重点支持重大科研攻关、创新平台建设和成果转化。",
        textEn:
          "Establish a cross-regional fund co-financed by central and local governments, targeting major research projects, innovation platforms and commercialisation of results.",
      },
      {
        code: "4.2-b",
        titleZh: "支持重点领域联合攻关",
        titleEn: "Priority joint research",
        textZh: "对长三角与珠三角联合开展的集成电路、生物医药等重点领域科研项目给予资金倾斜。",
        textEn:
          "Direct funding to projects that the Yangtze and Pearl River Deltas undertake together in fields like integrated circuits or biomedicine.",
      },
      {
        code: "4.2-c",
        titleZh: "丰富科技金融产品",
        titleEn: "Bank products for innovators",
        textZh: "引导金融机构加大对科技创新的支持力度，鼓励银行开发知识产权质押贷款、成果转化专项贷款等产品。",
        textEn:
          "Steer banks towards products for innovative firms, such as loans secured on patents and other IP and dedicated loans for commercialising research.",
      },
      {
        code: "4.2-d",
        titleZh: "完善风险投资机制",
        titleEn: "Stronger venture investment",
        textZh: "健全风险投资机制，吸引社会资本投向科技创新领域，为创新型企业拓宽融资来源。",
        textEn:
          "Improve venture investment rules to draw private capital into science and technology and give innovative firms more ways to raise money.",
      },
    ],
  },
  {
    number: 3,
    section: "4.3",
    slug: "industrial-layout",
    titleZh: "优化产业布局，推动产业协同创新",
    titleEn: "Optimise industrial layout and foster joint industrial innovation",
    summaryZh:
      "明确各地产业定位与发展方向，以合理分工避免同质化竞争，并依托龙头企业组建跨区域产业创新联盟，实现优势互补。",
    summaryEn:
      "Give each area a clear industrial role so neighbours complement rather than duplicate one another, and organise firms, universities and institutes into cross-regional alliances that innovate together.",
    measures: [
      {
        code: "4.3-a",
        titleZh: "编制产业协同发展规划",
        titleEn: "Joint industrial plans",
        textZh: "编制区域产业协同发展规划，明确各地产业定位和主攻方向。",
        textEn:
          "Draw up joint industrial development plans that set out each locality's industrial role and direction.",
      },
      {
        code: "4.3-b",
        titleZh: "京津冀分工示范",
        titleEn: "Division of labour in Beijing–Tianjin–Hebei",
        textZh:
          "以京津冀为例，北京侧重科技创新和高端服务业，天津聚焦先进制造业与现代航运，河北着力推进传统产业转型升级并承接产业转移。",
        textEn:
          "In Beijing–Tianjin–Hebei, for instance, Beijing concentrates on innovation and high-end services, Tianjin on advanced manufacturing and shipping, and Hebei on upgrading older industries and hosting relocated ones.",
      },
      {
        code: "4.3-c",
        titleZh: "避免同质化竞争",
        titleEn: "Avoid duplicated competition",
        textZh: "通过分工协作引导各地错位发展，避免区域内产业同质化竞争，形成优势互补格局。",
        textEn:
          "Use this division of labour to stop neighbouring areas from chasing the same industries and let their strengths complement each other.",
      },
      {
        code: "4.3-d",
        titleZh: "组建跨区域产业创新联盟",
        titleEn: "Cross-regional industry alliances",
        textZh:
          "鼓励行业龙头企业牵头，联合上下游企业、科研院所和高校组建产业创新联盟，共同开展技术研发、标准制定和市场开拓，珠三角电子信息产业联盟在5G领域的实践可资借鉴。",
        textEn:
          "Encourage leading firms to bring suppliers, customers, institutes and universities into alliances for joint R&D, standard setting and market building, as the PRD electronics alliance did for 5G.",
      },
    ],
  },
  {
    number: 4,
    section: "4.4",
    slug: "talent-mobility",
    titleZh: "加强人才培养与流动，打造人才高地",
    titleEn: "Train and circulate talent to build a regional talent base",
    summaryZh:
      "推动高校、科研院所与企业联合培养复合型人才，打破户籍和编制限制，促进人才在区域内柔性流动，并对在协同创新中贡献突出的人才予以激励。",
    summaryEn:
      "Have universities, institutes and companies train multi-skilled people together, let skilled people work anywhere in the region regardless of registration or staffing quotas, and reward those who contribute to joint innovation.",
    measures: [
      {
        code: "4.4-a",
        titleZh: "实施人才联合培养计划",
        titleEn: "Joint training programme",
        textZh: "实施跨区域人才联合培养计划，支持东部高校、科研院所与企业合作，培育适应协同创新需要的复合型人才。",
        textEn:
          "Launch a cross-regional programme in which universities, institutes and firms jointly train multi-skilled people suited to collaborative innovation.",
      },
      {
        code: "4.4-b",
        titleZh: "深化高校联盟合作",
        titleEn: "University alliances",
        textZh: "借鉴长三角高校联盟经验，推广跨校选修课程、研究生联合培养等做法，拓宽人才培养渠道。",
        textEn:
          "Spread practices such as cross-campus electives and jointly supervised graduate students, building on the Yangtze River Delta university alliance.",
      },
      {
        code: "4.4-c",
        titleZh: "建立人才柔性流动机制",
        titleEn: "Flexible mobility",
        textZh: "破除户籍、编制等制度性限制，允许人才以兼职等方式在区域内自由流动。",
        textEn:
          "Remove household-registration and staffing-quota barriers so researchers can take part-time posts anywhere in the region.",
      },
      {
        code: "4.4-d",
        titleZh: "强化人才激励保障",
        titleEn: "Incentives for contributors",
        textZh: "对在跨区域协同创新中作出突出贡献的人才，在住房补贴、子女入学等方面给予激励和政策优待。",
        textEn:
          "Offer housing support, help with children's schooling and other preferences to people who contribute notably to joint innovation.",
      },
    ],
  },
  {
    number: 5,
    section: "4.5",
    slug: "results-transfer",
    titleZh: "促进创新成果共享转化，提升经济发展效益",
    titleEn: "Share and commercialise innovation results",
    summaryZh:
      "搭建区域统一的科技成果交易平台，健全成果转化激励机制，加快创新成果向现实生产力转化，推动区域经济高质量发展。",
    summaryEn:
      "Build one regional marketplace for research results and reward those who turn findings into products, so innovation feeds more quickly into the regional economy.",
    measures: [
      {
        code: "4.5-a",
        titleZh: "建设统一成果交易平台",
        titleEn: "Unified results marketplace",
        textZh: "建设区域统一的科技成果交易平台，整合东部地区科技成果资源，实现成果信息互联互通。",
        textEn:
          "Create a single regional marketplace that pools research results from the eastern regions and links up information about them.",
      },
      {
        code: "4.5-b",
        titleZh: "提供一站式转化服务",
        titleEn: "One-stop services",
        textZh: "平台集成果展示、交易、评估和法律咨询等服务于一体，降低交易成本，提高转化效率。",
        textEn:
          "Offer showcasing, trading, valuation and legal advice in one place to cut transaction costs and speed up commercialisation.",
      },
      {
        code: "4.5-c",
        titleZh: "完善成果转化激励",
        titleEn: "Rewards for researchers and firms",
        textZh: "健全科技成果转化激励机制，对在转化过程中贡献突出的科研人员和企业给予税收优惠、财政补贴等奖励。",
        textEn:
          "Give tax incentives, grants and other rewards to researchers and companies that play a key role in bringing results to market.",
      },
      {
        code: "4.5-d",
        titleZh: "实行阶段性税收减免",
        titleEn: "Time-limited tax relief",
        textZh: "对成功实现成果产业化的企业，在一定期限内给予税收减免，激发各方参与成果转化的积极性。",
        textEn:
          "Grant tax relief for a set period to firms that put research results into production, encouraging wider participation.",
      },
    ],
  },
];
