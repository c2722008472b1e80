/** Vocabularies of meetings (#18): the pgEnum values and what the pages and rules name. */

/** A coordination meeting is for the coordination body's members; a forum also for registered researchers. */
export const meetingKinds = ["coordination", "forum"] as const;
export type MeetingKind = (typeof meetingKinds)[number];

/** draft → scheduled → in_session → minutes_pending → closed, or cancelled (rules.ts). */
export const meetingStatuses = ["draft", "scheduled", "in_session", "minutes_pending", "closed", "cancelled"] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

/** How a registrant takes part: in person, online, or by sending a named delegate from the same region. */
export const attendanceModes = ["in_person", "online", "delegate"] as const;
export type AttendanceMode = (typeof attendanceModes)[number];

export const speakerStates = ["waiting", "speaking", "done"] as const;
export type SpeakerState = (typeof speakerStates)[number];

/** A region's answer to a meeting's record of one decision: waiting, confirmed, or contested with a comment. */
export const confirmationStatuses = ["pending", "confirmed", "contested"] as const;
export type ConfirmationStatus = (typeof confirmationStatuses)[number];

/** A decision's record as a whole: not yet sent (minutes not approved), or what its regions' answers add up to. */
export const recordStatuses = ["not_sent", "pending", "contested", "confirmed"] as const;
export type RecordStatus = (typeof recordStatuses)[number];

/** What became of an action a decision gave a region. */
export const decisionActionStatuses = ["open", "in_progress", "done", "dropped"] as const;
export type DecisionActionStatus = (typeof decisionActionStatuses)[number];
/** A time poll's answer per slot (Loomio): yes, if need be, no. */
export const pollAnswers = ["yes", "if_need_be", "no"] as const;
export type PollAnswer = (typeof pollAnswers)[number];

/** A day of the mainland calendar table: a public holiday, or a weekend day worked to make up for one. */
export const calendarDayKinds = ["holiday", "makeup_workday"] as const;
export type CalendarDayKind = (typeof calendarDayKinds)[number];

/** A time poll offers 2 to 12 candidate slots. */
export const pollSlotLimits = { min: 2, max: 12 } as const;
