import { chinaDay } from "@/server/domain/china-time";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { addAgendaItem } from "@/server/features/meetings/agenda";
import { checkIn, register } from "@/server/features/meetings/attendance";
import { createMeeting, setCurrentItem, transitionMeeting } from "@/server/features/meetings/manage-meeting";
import { addDecisionAction, answerDecision } from "@/server/features/meetings/record/confirmations";
import { openPoll, votePoll } from "@/server/features/meetings/polls/polls";
import { recordDecision, saveMinutes } from "@/server/features/meetings/record/record";
import { answerTimePoll, createTimePoll } from "@/server/features/meetings/polls/time-poll";

import { toChinaLocal } from "@/server/features/meetings/rules";
import { raiseHand } from "@/server/features/meetings/speakers";
import { regions } from "@/db/schema";

const hour = 3_600_000;
const day = 24 * hour;

/**
 * Three meetings through the real use-cases (section 4.1 of the paper: regular coordination meetings
 * on joint projects and benefit sharing, and regular regional innovation forums): a closed Shandong
 * Peninsula meeting whose decision the marine ballot carried (its record confirmed by both cities but for
 * one answer Yantai still owes, an action a week and more overdue), a Pearl River Delta meeting in session
 * now on the chips project (a quick poll two of its three regions have voted in), and a public forum in
 * Suzhou ahead whose time is being polled.
 */
export async function seedDemoMeetings(
  deps: ServiceDeps,
  asUser: (email: string) => SessionUser,
  links: {
    marineProjectId: number;
    marineBallotId: number;
    chipsProjectId: number;
    chipsBallotId: number;
    fundRoundId: number | null;
  },
): Promise<void> {
  const regionRows = await deps.db.select({ id: regions.id, code: regions.code }).from(regions);
  const regionId = (code: string) => regionRows.find((r) => r.code === code)?.id ?? regionRows[0]!.id;
  const chair = asUser("member@demo.xietong.cn");
  const now = deps.now().getTime();
  const at = (offset: number) => toChinaLocal(new Date(now + offset));

  // 1. Closed: the Shandong Peninsula meeting three weeks ago, minutes approved.
  const past = await createMeeting(deps, chair, {
    kind: "coordination",
    titleZh: "山东半岛城市群第三次科技协调会议",
    titleEn: "Third Shandong Peninsula S&T coordination meeting",
    descriptionZh: "审议海洋装备联合中试平台的收益分享方案，讨论科研设施数据共享。",
    descriptionEn:
      "Review the benefit-sharing plan of the joint marine equipment pilot platform; discuss research data sharing.",
    hostRegionId: regionId("qingdao"),
    place: "青岛国际会议中心 / Qingdao International Conference Centre",
    onlineUrl: "",
    startsAt: at(-21 * day),
    endsAt: at(-21 * day + 3 * hour),
    publicPage: false,
  });
  const marineItem = await addAgendaItem(deps, chair, {
    meetingId: past.meetingId,
    titleZh: "海洋装备联合中试平台收益分享方案",
    titleEn: "Benefit sharing of the joint marine equipment pilot platform",
    durationMinutes: 45,
    presenter: "青岛市科技局",
    topicId: null,
    projectId: links.marineProjectId,
    ballotId: links.marineBallotId,
    roundId: null,
  });
  const dataItem = await addAgendaItem(deps, chair, {
    meetingId: past.meetingId,
    titleZh: "科研设施数据共享标准",
    titleEn: "Data standards for shared research facilities",
    durationMinutes: 30,
    presenter: "烟台市科技局",
    topicId: null,
    projectId: null,
    ballotId: null,
    roundId: null,
  });
  await transitionMeeting(deps, chair, { meetingId: past.meetingId, action: "schedule" });
  await register(deps, asUser("qingdao.member@demo.xietong.cn"), {
    meetingId: past.meetingId,
    mode: "in_person",
    delegateName: "",
  });
  await register(deps, asUser("yantai.member@demo.xietong.cn"), {
    meetingId: past.meetingId,
    mode: "online",
    delegateName: "",
  });
  await transitionMeeting(deps, chair, { meetingId: past.meetingId, action: "start" });
  await checkIn(deps, asUser("qingdao.member@demo.xietong.cn"), { meetingId: past.meetingId });
  await checkIn(deps, asUser("yantai.member@demo.xietong.cn"), { meetingId: past.meetingId });
  await saveMinutes(deps, chair, {
    itemId: marineItem.itemId,
    minutes: "青岛介绍平台建设进展。两地代表一致认为成本按投入比例分担、收益按投入比例分享较为公平，表决已通过。",
  });
  const marineDecision = await recordDecision(deps, chair, {
    itemId: marineItem.itemId,
    textZh: "采纳按投入比例分享收益的方案，由青岛牵头建设联合中试平台。",
    textEn: "Adopt the plan sharing benefits in proportion to investment; Qingdao leads the joint pilot platform.",
    ballotId: links.marineBallotId,
  });
  await setCurrentItem(deps, chair, { itemId: dataItem.itemId });
  await saveMinutes(deps, chair, {
    itemId: dataItem.itemId,
    minutes: "与会者同意先统一元数据目录，具体格式标准留待下次会议讨论。",
  });
  const dataDecision = await recordDecision(deps, chair, {
    itemId: dataItem.itemId,
    textZh: "两地先共建统一的科研设施元数据目录。",
    textEn: "Both cities first build a common metadata catalogue of research facilities.",
    ballotId: null,
  });
  const dayFrom = (days: number) => chinaDay(new Date(now + days * day));
  await addDecisionAction(deps, chair, {
    decisionId: marineDecision.decisionId,
    textZh: "青岛起草联合中试平台运营协议，送烟台会签。",
    textEn: "Qingdao drafts the pilot platform's operating agreement and sends it to Yantai to co-sign.",
    ownerRegionId: regionId("qingdao"),
    dueOn: dayFrom(-10),
  });
  await addDecisionAction(deps, chair, {
    decisionId: dataDecision.decisionId,
    textZh: "烟台汇总本市可共享的科研设施清单。",
    textEn: "Yantai compiles the list of its research facilities open for sharing.",
    ownerRegionId: regionId("yantai"),
    dueOn: dayFrom(14),
  });
  await transitionMeeting(deps, chair, { meetingId: past.meetingId, action: "end" });
  await transitionMeeting(deps, chair, { meetingId: past.meetingId, action: "approve_minutes" });
  // Qingdao and Yantai both confirmed the benefit-sharing decision; Yantai has yet to answer on data standards.
  const qingdao = asUser("qingdao.member@demo.xietong.cn");
  const yantai = asUser("yantai.member@demo.xietong.cn");
  await answerDecision(deps, qingdao, { decisionId: marineDecision.decisionId, answer: "confirmed", comment: "" });
  await answerDecision(deps, yantai, {
    decisionId: marineDecision.decisionId,
    answer: "confirmed",
    comment: "同意，烟台按比例出资。",
  });
  await answerDecision(deps, qingdao, { decisionId: dataDecision.decisionId, answer: "confirmed", comment: "" });

  // 2. In session now: the Pearl River Delta meeting on the chips project, whose ballot is open.
  const live = await createMeeting(deps, chair, {
    kind: "coordination",
    titleZh: "珠三角集成电路合作协调会议",
    titleEn: "Pearl River Delta integrated circuits coordination meeting",
    descriptionZh: "深圳、东莞就芯片联合攻关项目的分工与收益分享进行协调。",
    descriptionEn:
      "Shenzhen and Dongguan coordinate the division of work and benefit sharing of the joint chips project.",
    hostRegionId: regionId("dongguan"),
    place: "东莞松山湖 / Songshan Lake, Dongguan",
    onlineUrl: "https://meeting.example.cn/prd-ic",
    startsAt: at(-30 * 60_000),
    endsAt: at(2 * hour),
    publicPage: false,
  });
  const liveItems = [
    {
      titleZh: "开幕与上次会议决定落实情况",
      titleEn: "Opening and follow-up of last decisions",
      durationMinutes: 10,
      presenter: "主席",
    },
    {
      titleZh: "芯片联合攻关项目收益分享方案",
      titleEn: "Benefit sharing of the joint chips project",
      durationMinutes: 40,
      presenter: "深圳市科技创新局",
    },
    {
      titleZh: "中试线共享与人才互派",
      titleEn: "Sharing the pilot line and exchanging staff",
      durationMinutes: 30,
      presenter: "东莞市科技局",
    },
  ];
  const ids: number[] = [];
  for (const [i, item] of liveItems.entries()) {
    const added = await addAgendaItem(deps, chair, {
      meetingId: live.meetingId,
      ...item,
      topicId: null,
      projectId: i === 1 ? links.chipsProjectId : null,
      ballotId: i === 1 ? links.chipsBallotId : null,
      roundId: null,
    });
    ids.push(added.itemId);
  }
  await transitionMeeting(deps, chair, { meetingId: live.meetingId, action: "schedule" });
  await register(deps, chair, { meetingId: live.meetingId, mode: "in_person", delegateName: "" });
  await register(deps, asUser("shenzhen.member@demo.xietong.cn"), {
    meetingId: live.meetingId,
    mode: "in_person",
    delegateName: "",
  });
  await register(deps, asUser("dongguan.member@demo.xietong.cn"), {
    meetingId: live.meetingId,
    mode: "delegate",
    delegateName: "陈晓（东莞市科技局）",
  });
  await transitionMeeting(deps, chair, { meetingId: live.meetingId, action: "start" });
  await checkIn(deps, asUser("shenzhen.member@demo.xietong.cn"), { meetingId: live.meetingId });
  await checkIn(deps, asUser("dongguan.member@demo.xietong.cn"), { meetingId: live.meetingId });
  await setCurrentItem(deps, chair, { itemId: ids[1]! });
  await saveMinutes(deps, chair, { itemId: ids[0]!, minutes: "上次会议确定的联合实验室已完成选址。" });
  await raiseHand(deps, asUser("dongguan.member@demo.xietong.cn"), { meetingId: live.meetingId });
  // A quick poll on the floor under double majority: Shanghai and Shenzhen have voted, Dongguan's delegate not yet.
  const quick = await openPoll(deps, chair, {
    meetingId: live.meetingId,
    itemId: ids[1]!,
    kind: "yes_no",
    questionZh: "是否同意按研发投入比例分享芯片项目收益？",
    questionEn: "Share the chips project's benefits in proportion to R&D investment?",
    options: [],
    dotsPerVoter: null,
    rule: "double_majority",
  });
  await votePoll(deps, chair, { pollId: quick.pollId, answer: { kind: "yes_no", choice: "yes" } });
  await votePoll(deps, asUser("shenzhen.member@demo.xietong.cn"), {
    pollId: quick.pollId,
    answer: { kind: "yes_no", choice: "yes" },
  });

  // 3. Ahead: a public innovation forum in Suzhou, open to researchers.
  const forum = await createMeeting(deps, chair, {
    kind: "forum",
    titleZh: "长三角区域创新论坛：科技成果跨区域转化",
    titleEn: "Yangtze River Delta innovation forum: moving results across regions",
    descriptionZh: "研究人员与各地科技部门交流成果转化中的利益分享与人才流动经验。",
    descriptionEn:
      "Researchers and regional S&T offices share experience of benefit sharing and talent mobility in technology transfer.",
    hostRegionId: regionId("suzhou"),
    place: "苏州独墅湖会议中心 / Dushu Lake Conference Centre, Suzhou",
    onlineUrl: "https://meeting.example.cn/yrd-forum",
    startsAt: at(10 * day),
    endsAt: at(10 * day + 4 * hour),
    publicPage: true,
  });
  for (const item of [
    {
      titleZh: "主旨报告：区域创新共同体",
      titleEn: "Keynote: the regional innovation community",
      durationMinutes: 30,
      presenter: "复旦大学",
    },
    {
      titleZh: "圆桌：成果转化的收益分享",
      titleEn: "Round table: sharing the benefits of transfer",
      durationMinutes: 60,
      presenter: "",
      // The joint fund's opinion round: the pack shows its common ground and where regions split.
      roundId: links.fundRoundId,
    },
    {
      titleZh: "青年科研人员跨区域交流",
      titleEn: "Early-career researchers across regions",
      durationMinutes: 45,
      presenter: "苏州大学",
    },
  ])
    await addAgendaItem(deps, chair, {
      meetingId: forum.meetingId,
      topicId: null,
      projectId: null,
      ballotId: null,
      roundId: null,
      ...item,
    });
  await transitionMeeting(deps, chair, { meetingId: forum.meetingId, action: "schedule" });
  await register(deps, asUser("researcher@demo.xietong.cn"), {
    meetingId: forum.meetingId,
    mode: "in_person",
    delegateName: "",
  });
  await register(deps, asUser("suzhou.member@demo.xietong.cn"), {
    meetingId: forum.meetingId,
    mode: "online",
    delegateName: "",
  });
  // The forum's time is being reconsidered: a time poll over three afternoons, two people have answered.
  const slotStarts = [10, 11, 13].map((days) => at(days * day));
  const timePoll = await createTimePoll(deps, chair, {
    meetingId: forum.meetingId,
    slots: slotStarts.map((startsAt, i) => ({ startsAt, endsAt: at([10, 11, 13][i]! * day + 4 * hour) })),
  });
  const slotAt = (i: number) =>
    timePoll.slots.find((slot) => toChinaLocal(new Date(slot.startsAt)) === slotStarts[i])!.id;
  await answerTimePoll(deps, asUser("researcher@demo.xietong.cn"), {
    meetingId: forum.meetingId,
    answers: [
      { slotId: slotAt(0), answer: "yes" },
      { slotId: slotAt(1), answer: "if_need_be" },
      { slotId: slotAt(2), answer: "no" },
    ],
  });
  await answerTimePoll(deps, asUser("suzhou.member@demo.xietong.cn"), {
    meetingId: forum.meetingId,
    answers: [
      { slotId: slotAt(0), answer: "yes" },
      { slotId: slotAt(1), answer: "yes" },
      { slotId: slotAt(2), answer: "if_need_be" },
    ],
  });
}
