import { z } from "zod";
import { packKinds } from "./pack/pack-rules";
import {
  attendanceModes,
  calendarDayKinds,
  meetingKinds,
  decisionActionStatuses,
  recordStatuses,
  pollAnswers,
  pollSlotLimits,
  type AttendanceMode,
  type ConfirmationStatus,
  type DecisionActionStatus,
  type RecordStatus,
  type MeetingKind,
  type MeetingStatus,
  type PollAnswer,
  type SpeakerState,
} from "@/shared/meetings-vocabulary";
import { ballotRules, type BallotRule } from "@/shared/ballot-vocabulary";
import {
  pollKinds,
  pollLimits,
  yesNoChoices,
  type PollKind,
  type PollOption,
  type PollStatus,
  type PollTally,
} from "@/shared/meeting-polls";
import { issueKey } from "@/i18n/validation-messages";
import { idInput as id } from "../accounts/contract";
import { fromChinaLocal, meetingActions, type RegionPresence } from "./rules";
import { isCalendarDate, type DayFlags, type Tally } from "./polls/time-poll-rules";

/** Inputs and outputs of the meetings procedures. Times travel as China wall-clock `YYYY-MM-DDTHH:mm`. */

const chinaTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
  .refine((value) => fromChinaLocal(value) !== null, issueKey("wellFormed"));
const title = z.string().trim().min(2).max(200);
const description = z.string().trim().max(5_000);

export const meetingIdInput = z.object({ meetingId: id });
/** `origin`: the site address the file's link points back to (the route handler passes its own). */
export const icsInput = z.object({ meetingId: id, origin: z.url().max(200) });

export const meetingDetailsInput = z.object({
  kind: z.enum(meetingKinds),
  titleZh: title,
  titleEn: title,
  descriptionZh: description.default(""),
  descriptionEn: description.default(""),
  hostRegionId: id,
  place: z.string().trim().max(300).default(""),
  onlineUrl: z
    .string()
    .trim()
    .max(500)
    .refine((value) => value === "" || /^https:\/\/[^\s]+$/.test(value), issueKey("wellFormed"))
    .default(""),
  startsAt: chinaTime,
  endsAt: chinaTime,
  publicPage: z.boolean().default(false),
});
export type MeetingDetailsInput = z.infer<typeof meetingDetailsInput>;

export const updateMeetingInput = meetingDetailsInput.extend({ meetingId: id, version: z.number().int().min(1) });
export type UpdateMeetingInput = z.infer<typeof updateMeetingInput>;

export const transitionInput = z.object({ meetingId: id, action: z.enum(meetingActions) });
export type TransitionInput = z.infer<typeof transitionInput>;

export const listMeetingsInput = z.object({ when: z.enum(["upcoming", "past"]).default("upcoming") });

export const agendaItemFields = z.object({
  titleZh: title,
  titleEn: title,
  durationMinutes: z.number().int().min(1).max(600),
  presenter: z.string().trim().max(120).default(""),
  topicId: id.nullable().default(null),
  projectId: id.nullable().default(null),
  ballotId: id.nullable().default(null),
  roundId: id.nullable().default(null),
});
export const addItemInput = agendaItemFields.extend({ meetingId: id });
export type AddItemInput = z.infer<typeof addItemInput>;
export const updateItemInput = agendaItemFields.extend({ itemId: id });
export type UpdateItemInput = z.infer<typeof updateItemInput>;
export const itemIdInput = z.object({ itemId: id });
export const packInput = z.object({ meetingId: id, kind: z.enum(packKinds).default("agenda") });
export const moveItemInput = z.object({ itemId: id, direction: z.enum(["up", "down"]) });

export const registerInput = z
  .object({
    meetingId: id,
    mode: z.enum(attendanceModes),
    delegateName: z.string().trim().max(120).default(""),
  })
  .refine((input) => input.mode !== "delegate" || input.delegateName.length >= 2, {
    path: ["delegateName"],
    ...issueKey("blank"),
  });
export type RegisterInput = z.infer<typeof registerInput>;

export const speakerIdInput = z.object({ speakerId: id });
export const moveSpeakerInput = z.object({ speakerId: id, direction: z.enum(["up", "down"]) });

export const minutesInput = z.object({ itemId: id, minutes: z.string().max(20_000) });

export const decisionInput = z.object({
  itemId: id,
  textZh: z.string().trim().min(2).max(2_000),
  textEn: z.string().trim().min(2).max(2_000),
  ballotId: id.nullable().default(null),
});
export type DecisionInput = z.infer<typeof decisionInput>;

const chinaDayInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), issueKey("wellFormed"));

/** The register's filters, all in the page's URL: words, a region, a recommendation, the record's status, actions due by a day; and the page's offset. */
export const registerFilterInput = z.object({
  regionId: id.nullable().default(null),
  q: z.string().trim().max(100).default(""),
  recommendationId: id.nullable().default(null),
  status: z.enum(recordStatuses).nullable().default(null),
  dueBy: chinaDayInput.nullable().default(null),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type RegisterFilter = z.infer<typeof registerFilterInput>;

/** A region's answer to the record of a decision; contesting says why. */
export const answerDecisionInput = z
  .object({
    decisionId: id,
    answer: z.enum(["confirmed", "contested"]),
    comment: z.string().trim().max(2_000).default(""),
  })
  .refine((input) => input.answer !== "contested" || input.comment.length >= 2, {
    path: ["comment"],
    ...issueKey("blank"),
  });
export type AnswerDecisionInput = z.infer<typeof answerDecisionInput>;

export const addActionInput = z.object({
  decisionId: id,
  textZh: z.string().trim().min(2).max(1_000),
  textEn: z.string().trim().min(2).max(1_000),
  ownerRegionId: id,
  dueOn: chinaDayInput,
});
export type AddActionInput = z.infer<typeof addActionInput>;

export const actionStatusInput = z.object({ actionId: id, status: z.enum(decisionActionStatuses) });
export type ActionStatusInput = z.infer<typeof actionStatusInput>;
/* ---------- time poll and the holiday calendar ---------- */

const pollSlot = z
  .object({ startsAt: chinaTime, endsAt: chinaTime })
  .refine((slot) => slot.endsAt > slot.startsAt, { path: ["endsAt"], ...issueKey("wellFormed") });
export const createTimePollInput = z.object({
  meetingId: id,
  slots: z
    .array(pollSlot)
    .min(pollSlotLimits.min)
    .max(pollSlotLimits.max)
    .refine((slots) => new Set(slots.map((s) => s.startsAt)).size === slots.length, issueKey("wellFormed")),
});
export type CreateTimePollInput = z.infer<typeof createTimePollInput>;

export const answerTimePollInput = z.object({
  meetingId: id,
  answers: z
    .array(z.object({ slotId: id, answer: z.enum(pollAnswers) }))
    .min(1)
    .max(pollSlotLimits.max),
});
export type AnswerTimePollInput = z.infer<typeof answerTimePollInput>;

/** The chair closes the poll on a slot; `version` is the meeting's, as the edit form's. */
export const closeTimePollInput = z.object({ meetingId: id, slotId: id, version: z.number().int().min(1) });
export type CloseTimePollInput = z.infer<typeof closeTimePollInput>;

const calendarDate = z.string().refine(isCalendarDate, issueKey("wellFormed"));
const dayName = z.string().trim().min(1).max(60);
export const calendarDayInput = z.object({
  date: calendarDate,
  kind: z.enum(calendarDayKinds),
  nameZh: dayName,
  nameEn: dayName,
});
export type CalendarDayInput = z.infer<typeof calendarDayInput>;
export const calendarYearInput = z.object({ year: z.number().int().min(2000).max(2100) });
export const calendarDateInput = z.object({ date: calendarDate });
/** A ranked or dot poll has 2–10 options; the others none. A dot poll says how many dots each voter has. */
const needsOptions = (kind: PollKind) => kind === "ranked" || kind === "dots";
export const openPollInput = z
  .object({
    meetingId: id,
    itemId: id.nullable().default(null),
    kind: z.enum(pollKinds),
    questionZh: z.string().trim().min(2).max(300),
    questionEn: z.string().trim().min(2).max(300),
    options: z
      .array(z.object({ zh: z.string().trim().min(1).max(120), en: z.string().trim().min(1).max(120) }))
      .max(pollLimits.maxOptions)
      .default([]),
    dotsPerVoter: z.number().int().min(1).max(pollLimits.maxDots).nullable().default(null),
    rule: z.enum(ballotRules),
  })
  .refine((p) => (needsOptions(p.kind) ? p.options.length >= pollLimits.minOptions : p.options.length === 0), {
    path: ["options"],
    ...issueKey("wellFormed"),
  })
  .refine((p) => (p.kind === "dots") === (p.dotsPerVoter !== null), {
    path: ["dotsPerVoter"],
    ...issueKey("wellFormed"),
  });
export type OpenPollInput = z.infer<typeof openPollInput>;

/** The shape of an answer; what makes it valid for its poll is poll-rules.ts's `answerProblem`. */
const indexes = z.array(z.number().int()).max(pollLimits.maxOptions);
export const pollAnswerInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("yes_no"), choice: z.enum(yesNoChoices) }),
  z.object({ kind: z.literal("score"), score: z.number() }),
  z.object({ kind: z.literal("ranked"), order: indexes }),
  z.object({ kind: z.literal("dots"), dots: indexes }),
]);
export const votePollInput = z.object({ pollId: id, answer: pollAnswerInput });
export const pollIdInput = z.object({ pollId: id });

/* ---------- outputs (the page's cache; live events carry the same shapes) ---------- */

export interface MeetingHeader {
  id: number;
  kind: MeetingKind;
  status: MeetingStatus;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  hostRegionId: number;
  place: string;
  onlineUrl: string;
  startsAt: string;
  endsAt: string;
  publicPage: boolean;
  currentItemId: number | null;
  currentItemStartedAt: string | null;
  version: number;
}

export interface AgendaItemView {
  id: number;
  position: number;
  titleZh: string;
  titleEn: string;
  durationMinutes: number;
  presenter: string;
  topicId: number | null;
  projectId: number | null;
  ballotId: number | null;
  /**
   * Whether the item links an opinion round. The round itself travels only in per-reader reads
   * (`roundLinks`), under the round's own visibility rule: this flag goes to everyone on the meeting stream.
   */
  roundLinked: boolean;
  minutes: string;
}

/** An agenda item's opinion round, as this reader may see it. */
export interface AgendaRoundLink {
  itemId: number;
  roundId: number;
  question: string;
}

export interface PresenceView {
  regions: RegionPresence[];
  shortOfQuorum: number[];
  registered: number;
}

export interface SpeakerView {
  id: number;
  accountId: number;
  displayName: string;
  regionId: number;
  state: SpeakerState;
  position: number;
}

export interface ConfirmationView {
  regionId: number;
  status: ConfirmationStatus;
  comment: string;
  answeredAt: string | null;
}

export interface DecisionActionView {
  id: number;
  decisionId: number;
  textZh: string;
  textEn: string;
  ownerRegionId: number;
  dueOn: string;
  status: DecisionActionStatus;
}

export interface DecisionView {
  id: number;
  itemId: number;
  textZh: string;
  textEn: string;
  ballotId: number | null;
  createdAt: string;
  /** Each participating region's answer once the minutes are approved; empty before. */
  confirmations: ConfirmationView[];
  recordStatus: RecordStatus;
  actions: DecisionActionView[];
}

export interface MyRegistration {
  mode: AttendanceMode;
  delegateName: string;
  checkedIn: boolean;
}

export interface PollSlotView {
  id: number;
  startsAt: string;
  endsAt: string;
  tally: Tally;
  day: DayFlags;
  /** 1-based place in the ranking (time-poll-rules.ts rankSlots). */
  rank: number;
}

/** A meeting's time poll as everyone who may see the meeting sees it: counts only, no names. */
export interface TimePollView {
  meetingId: number;
  open: boolean;
  chosenSlotId: number | null;
  /** How many people answered. */
  respondents: number;
  /** Best first. */
  slots: PollSlotView[];
}

/** The caller's own answers, by slot id. */
export type MyPollAnswers = Record<number, PollAnswer>;
/** A poll as the page holds it: the tally is live while open, the stored result once closed. */
export interface PollView {
  id: number;
  meetingId: number;
  itemId: number | null;
  kind: PollKind;
  questionZh: string;
  questionEn: string;
  options: PollOption[];
  dotsPerVoter: number | null;
  rule: BallotRule;
  status: PollStatus;
  openedAt: string;
  closedAt: string | null;
  tally: PollTally;
}
