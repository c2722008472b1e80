import type { LiveEvent } from "@/server/events/contract";
import type {
  AgendaItemView,
  AgendaRoundLink,
  DecisionView,
  MeetingHeader,
  PollView,
  PresenceView,
  SpeakerView,
  TimePollView,
} from "@/server/features/meetings/contract";
import { meetingViewerPermissions } from "@/server/features/meetings/rules";
import type { Role } from "@/shared/vocabulary";

/** What of `meetings.get` a live event can change; the page's cache holds it. */
export interface LiveMeetingView {
  meeting: MeetingHeader;
  agenda: AgendaItemView[];
  /** The agenda's opinion-round links as this reader may see them (per reader, never on the stream). */
  roundLinks: AgendaRoundLink[];
  presence: PresenceView;
  speakers: SpeakerView[];
  decisions: DecisionView[];
  timePoll: TimePollView | null;
  polls: PollView[];
  /** Who the reader is, and what the rules let them do in the meeting's status. */
  viewer: { role: Role | null; chair: boolean } & ReturnType<typeof meetingViewerPermissions>;
  /** The meeting stream's seq the data stands at: events at or below it are already in it. */
  headSeq: number;
}

/**
 * The meeting with a new header (from its stream, or from the chair's own transition): what the reader
 * may do follows from the status by the same rule meetings.get uses. An older header (a lower
 * version) than the one held changes nothing.
 */
export function withMeetingHeader<T extends LiveMeetingView>(view: T, meeting: MeetingHeader): T {
  if (meeting.version < view.meeting.version) return view;
  const { role, chair } = view.viewer;
  const permissions = meetingViewerPermissions(meeting, role ? { role, chair } : null);
  return { ...view, meeting, viewer: { ...view.viewer, ...permissions } };
}

/**
 * Applies one event of `meeting:<id>` to the meeting as the page holds it. Every event carries the
 * whole new state of its part, so applying is replacing; an event at or below the head changes nothing.
 * `refetch` asks for a fresh read only when an agenda item was linked to an opinion round (which round,
 * and whether this reader may see it, is read per reader).
 */
export function applyMeetingEvent<T extends LiveMeetingView>(view: T, event: LiveEvent): { view: T; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  switch (event.type) {
    case "meeting:changed":
      return { view: { ...withMeetingHeader(view, event.payload.meeting), headSeq }, refetch: false };
    case "meeting:agenda-changed": {
      // A link of an item that no longer links a round (unlinked, or removed) goes; a new link is read.
      const { items, roundLinkAdded } = event.payload;
      const linked = new Set(items.filter((i) => i.roundLinked).map((i) => i.id));
      const roundLinks = view.roundLinks.filter((l) => linked.has(l.itemId));
      return { view: { ...view, headSeq, agenda: items, roundLinks }, refetch: roundLinkAdded };
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
