/**
 * Text for benchmark comments: paragraphs of the length and Markdown people actually write in a
 * policy discussion, combined into a few dozen distinct bodies so pages carry realistic HTML.
 */

const zhParagraphs = [
  "支持这一方向。长三角的经验表明，**跨城市的联合攻关**只有在经费、考核和成果归属三件事都事先讲清楚时才能持续，否则项目一结束合作就散了。",
  "我们在东莞做过调研：制造企业最缺的不是资金，而是能把深圳实验室的样机转成可量产方案的工程师。建议专项资金里单列一块用于**中试和工艺验证**。",
  "担心的是地方配套比例。经济体量差别很大的城市按同一比例配套，财力较弱的地区实际上很难参与，最后还是几个中心城市之间的合作。",
  "想问一下：跨区域项目的知识产权归属按什么原则确定？如果按牵头单位所在地登记，参与地区的积极性会受影响。",
  "青岛和烟台之间已经有共享大型科研仪器的做法，预约平台打通之后，烟台企业的检测周期从三周缩短到一周左右。可以考虑把这个做法推广到其他城市群。",
  "建议在文件中明确三点：\n\n1. 联席会议的议题征集办法；\n2. 决议在各地的落实责任单位；\n3. 每半年向社会公开一次进展。",
  "> 研发在一地、制造在另一地\n\n这个提法很好，但统计口径要跟上。现在的 GDP 和研发投入统计都按属地，地方政府难免更看重本地落地的项目。",
  "从人才流动的角度看，社保接续和职称互认是两个最大的障碍。京津冀在职称互认上已经有试点，可以先总结那边的经验。",
  "同意楼上的意见，但要注意不要把门槛设得过高。中小企业往往是最早采用新技术的，如果申报材料过于复杂，它们会直接放弃。",
  "数据共享要有边界。科研数据、企业生产数据和政府统计数据的开放程度应当分级，建议参考 [国家科学数据共享的相关规定](https://www.most.gov.cn/) 制定分类目录。",
  "补充一个实际案例：苏州工业园区与上海张江合作的生物医药项目，前期沟通花了将近一年，主要卡在伦理审查结果互认上。希望联席机制能把这类具体问题列入议程。",
  "我认为常设秘书处比轮值更合适。轮值会导致每届主办方重新熟悉情况，议题的连续性很难保证。秘书处的经费可以按各地区研发投入的比例分摊。",
];

const enParagraphs = [
  "I support the direction, but the proposal needs a clear rule for **who owns the results** of a jointly funded project. Without it, every partner will negotiate from scratch and the fastest projects will be the ones with the fewest partners.",
  "In Tianjin we found that the bottleneck is rarely money. It is the pilot line: a lab prototype from Beijing needs three to six months of process engineering before a factory in Hebei can make it, and nobody funds those months.",
  "A concern: matching-fund ratios that are the same for every city favour the richest ones. Could the ratio be tied to each region's fiscal capacity instead?",
  "How will decisions of the joint meeting be recorded, so that each region can report back to its own government and be held to what it agreed?",
  "Shared research facilities work when booking is simple. Qingdao and Yantai cut instrument wait times from about three weeks to one by putting all bookings on one platform — worth copying elsewhere.",
  "Three things the text should say explicitly:\n\n- how agenda items are collected from the regions;\n- which office in each region is responsible for follow-up;\n- how often progress is published.",
  "> R&D in one place, manufacturing in another\n\nGood framing, but statistics lag behind it: output and R&D spending are still counted where they happen, so local governments keep preferring projects that land entirely in their own city.",
  "On talent mobility, pension continuity and mutual recognition of professional titles are the two real obstacles. The Beijing–Tianjin–Hebei pilot on title recognition is a good place to start.",
  "Agree with the previous point, with one caveat: keep the application simple. Small firms are often the first to adopt new technology, and they simply will not apply if the paperwork takes a month.",
  "Data sharing needs tiers. Research data, firms' production data and official statistics should not be opened to the same degree; a classified catalogue would help, as the [open data guidelines](https://data.stats.gov.cn/) already do for statistics.",
  "A concrete case from Suzhou: a joint biomedicine project with Zhangjiang spent almost a year on preliminaries, mostly on getting ethics-review decisions recognised in both places. The joint meeting should put issues like this on its agenda.",
  "A standing secretariat seems better than rotation. With rotation each host has to learn the files again, and continuity suffers. Costs could be shared in proportion to each region's R&D spending.",
];

export const amendmentTexts = {
  zh: [
    "联席会议每季度召开一次，议题提前一个月向各地区公开征集，会议纪要在十个工作日内公开。",
    "专项资金中不少于百分之二十用于中小企业牵头或参与的联合项目。",
    "跨区域联合项目的知识产权归属由参与各方在立项时书面约定，未约定的按出资比例共有。",
  ],
  en: [
    "The joint meeting convenes every quarter; agenda items are collected from all regions one month ahead and minutes are published within ten working days.",
    "At least twenty per cent of the special fund goes to joint projects led by or including small and medium-sized firms.",
    "Ownership of results from a cross-regional project is agreed in writing by the partners at approval; failing that, it is shared in proportion to funding.",
  ],
} as const;

export type BodyLanguage = "zh" | "en";

/**
 * Up to 36 distinct bodies per language: every paragraph alone, then two and three paragraphs
 * together (roughly 50 to 700 characters).
 */
export function composeBodies(language: BodyLanguage, count: number): string[] {
  const paragraphs = language === "zh" ? zhParagraphs : enParagraphs;
  if (count > paragraphs.length * 3)
    throw new RangeError(`at most ${paragraphs.length * 3} distinct bodies per language`);
  const bodies: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const length = 1 + Math.floor(i / paragraphs.length);
    const parts: string[] = [];
    for (let j = 0; j < length; j += 1) parts.push(paragraphs[(i + j * 5) % paragraphs.length]!);
    bodies.push(parts.join("\n\n"));
  }
  return bodies;
}
