import type { MeetingAction } from "./rules";
import type { PollTally } from "@/shared/meeting-polls";
import type {
  AgendaItemView,
  DecisionView,
  MeetingHeader,
  PollView,
  PresenceView,
  SpeakerView,
  TimePollView,
} from "./contract";

/**
 * Live events of a meeting, on `meeting:<id>`. Each carries the whole new state of its part (the
 * parts are small: one meeting's agenda, queue, presence), so a page replaces that part of its cache.
 */
export interface MeetingEvents {
  /** Details, status, or the current item and its timer changed. */
  "meeting:changed": { meeting: MeetingHeader; action?: MeetingAction };
  /**
   * `roundLinkAdded`: an item was linked to an opinion round (added with one, or relinked). Which round
   * is read per reader (the round's own rule), so only then does a page read again; an unlinked or
   * removed item's link the page drops itself.
   */
  "meeting:agenda-changed": { meetingId: number; items: AgendaItemView[]; roundLinkAdded: boolean };
  "meeting:presence-changed": { meetingId: number; presence: PresenceView };
  "meeting:speakers-changed": { meetingId: number; speakers: SpeakerView[] };
  "meeting:decisions-changed": { meetingId: number; decisions: DecisionView[] };
  /** The time poll was created, answered or closed: its new tallies and ranking (counts, no names). */
  "meeting:time-poll-changed": { meetingId: number; poll: TimePollView };
  /** The chair opened a poll (its tally empty) or closed one (with its stored result). */
  "meeting:poll-opened": { meetingId: number; poll: PollView };
  "meeting:poll-closed": { meetingId: number; poll: PollView };
  /** A vote was cast or changed: the poll's whole new tally. */
  "meeting:poll-tallied": { meetingId: number; pollId: number; tally: PollTally };
}
