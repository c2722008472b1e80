import type { LiveEvent } from "@/server/events/contract";
import type {
  AgendaItemView,
  DecisionView,
  MeetingHeader,
  PollView,
  PresenceView,
  SpeakerView,
  TimePollView,
} from "@/server/features/meetings/contract";

/** What of `meetings.get` a live event can change; the page's cache holds it. */
export interface LiveMeetingView {
  meeting: MeetingHeader;
  agenda: AgendaItemView[];
  presence: PresenceView;
  speakers: SpeakerView[];
  decisions: DecisionView[];
  timePoll: TimePollView | null;
  polls: PollView[];
  /** The meeting stream's seq the data stands at: events at or below it are already in it. */
  headSeq: number;
}

/**
 * Applies one event of `meeting:<id>` to the meeting as the page holds it. Every event carries the
 * whole new state of its part, so applying is replacing; an event at or below the head changes nothing.
 * `refetch` asks for a fresh read when the status moved (what the viewer may do depends on it), or
 * when an agenda with opinion-round links changed.
 */
export function applyMeetingEvent<T extends LiveMeetingView>(view: T, event: LiveEvent): { view: T; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  switch (event.type) {
    case "meeting:changed":
      return {
        view: { ...view, headSeq, meeting: event.payload.meeting },
        refetch: event.payload.meeting.status !== view.meeting.status,
      };
    case "meeting:agenda-changed": {
      // Which opinion round an item links is read per reader (the round's own rule), never carried on
      // the shared stream: an agenda that links rounds, before or after the change, is read again.
      const items = event.payload.items;
      const rounds = items.some((i) => i.roundLinked) || view.agenda.some((i) => i.roundLinked);
      return { view: { ...view, headSeq, agenda: items }, refetch: rounds };
    }
    case "meeting:presence-changed":
      return { view: { ...view, headSeq, presence: event.payload.presence }, refetch: false };
    case "meeting:speakers-changed":
      return { view: { ...view, headSeq, speakers: event.payload.speakers }, refetch: false };
    case "meeting:decisions-changed":
      return { view: { ...view, headSeq, decisions: event.payload.decisions }, refetch: false };
    case "meeting:time-poll-changed":
      return { view: { ...view, headSeq, timePoll: event.payload.poll }, refetch: false };
    case "meeting:poll-opened":
    case "meeting:poll-closed":
      return { view: { ...view, headSeq, polls: withPoll(view.polls, event.payload.poll) }, refetch: false };
    case "meeting:poll-tallied": {
      const { pollId, tally } = event.payload;
      const polls = view.polls.map((p) => (p.id === pollId && p.status === "open" ? { ...p, tally } : p));
      return { view: { ...view, headSeq, polls }, refetch: false };
    }
    default:
      return { view: { ...view, headSeq }, refetch: false };
  }
}

/** The polls with `poll` put in its place (replacing the one of its id), earliest first. */
function withPoll(polls: readonly PollView[], poll: PollView): PollView[] {
  return [...polls.filter((p) => p.id !== poll.id), poll].sort((a, b) => a.id - b.id);
}
