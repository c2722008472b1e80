import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import type { MeetingHeader, PollView } from "@/server/features/meetings/contract";
import { asStreamKey } from "@/server/domain/stream-access";
import { meetingViewerPermissions } from "@/server/features/meetings/rules";
import { applyMeetingEvent, withMeetingHeader, type LiveMeetingView } from "./meeting-view";

const header: MeetingHeader = {
  id: 4,
  kind: "coordination",
  status: "in_session",
  titleZh: "会议",
  titleEn: "Meeting",
  descriptionZh: "",
  descriptionEn: "",
  hostRegionId: 1,
  place: "",
  onlineUrl: "",
  startsAt: "2026-05-01T01:00:00.000Z",
  endsAt: "2026-05-01T03:00:00.000Z",
  publicPage: false,
  currentItemId: 10,
  currentItemStartedAt: "2026-05-01T01:00:00.000Z",
  version: 3,
};
const chair = { role: "member" as const, chair: true };
const view: LiveMeetingView = {
  meeting: header,
  agenda: [],
  roundLinks: [],
  viewer: { ...chair, ...meetingViewerPermissions(header, chair) },
  presence: { regions: [], shortOfQuorum: [], registered: 0 },
  speakers: [],
  decisions: [],
  timePoll: null,
  polls: [],
  headSeq: 5,
};
const stream = asStreamKey("meeting:4");
const event = (seq: number, rest: Pick<LiveEvent, "type" | "payload">) =>
  ({ stream, seq, at: "2026-05-01T01:05:00.000Z", ...rest }) as LiveEvent;

describe("applyMeetingEvent", () => {
  it("replaces the current item from the payload without a refetch", () => {
    const next = { ...header, currentItemId: 11, version: 4 };
    const applied = applyMeetingEvent(view, event(6, { type: "meeting:changed", payload: { meeting: next } }));
    expect(applied).toEqual({ view: { ...view, meeting: next, headSeq: 6 }, refetch: false });
  });

  it("applies a status change with what the reader may now do, by the read's own rule, without a read", () => {
    const ended = { ...header, status: "minutes_pending" as const, version: 4 };
    const applied = applyMeetingEvent(view, event(6, { type: "meeting:changed", payload: { meeting: ended } }));
    expect(applied.refetch).toBe(false);
    expect(applied.view.meeting).toEqual(ended);
    expect(applied.view.viewer).toEqual({ ...chair, ...meetingViewerPermissions(ended, chair) });
    expect(applied.view.viewer.actions).toEqual(["approve_minutes"]);
    // The chair drafts the minutes until they are approved, then no longer.
    expect(applied.view.viewer.minutesEditable).toBe(true);
    const approved = applyMeetingEvent(
      applied.view,
      event(7, { type: "meeting:changed", payload: { meeting: { ...ended, status: "closed", version: 5 } } }),
    );
    expect(approved.view.viewer).toMatchObject({ actions: [], minutesEditable: false, agendaEditable: false });

    // A researcher at a forum: registration opens when it is scheduled, and the time poll with it.
    const researcher = { role: "researcher" as const, chair: false };
    const draftForum = { ...header, kind: "forum" as const, status: "draft" as const };
    const reader = {
      ...view,
      meeting: draftForum,
      viewer: { ...researcher, ...meetingViewerPermissions(draftForum, researcher) },
    };
    expect(reader.viewer).toMatchObject({ registrationRefusal: "MEETING_NOT_OPEN", mayRun: false, actions: [] });
    const scheduled = applyMeetingEvent(
      reader,
      event(6, { type: "meeting:changed", payload: { meeting: { ...draftForum, status: "scheduled", version: 4 } } }),
    );
    expect(scheduled.view.viewer).toMatchObject({
      registrationRefusal: null,
      mayAnswerTimePoll: true,
      mayRun: false,
      actions: [],
      agendaEditable: false,
      minutesEditable: false,
    });

    // Signed out: nothing to do whatever the status.
    const signedOut = { ...view, viewer: { role: null, chair: false, ...meetingViewerPermissions(header, null) } };
    const closed = applyMeetingEvent(
      signedOut,
      event(6, { type: "meeting:changed", payload: { meeting: { ...header, status: "closed", version: 4 } } }),
    );
    expect(closed.view.viewer).toEqual({ role: null, chair: false, ...meetingViewerPermissions(header, null) });
  });

  it("keeps a newer header than the one a late transition answer brings", () => {
    const newer = { ...header, currentItemId: 12, version: 5 };
    const held = withMeetingHeader(view, newer);
    expect(withMeetingHeader(held, { ...header, version: 4 })).toBe(held);
    expect(held.meeting).toEqual(newer);
  });

  it("applies an agenda change in place, dropping links that went, and reads again only when a round was linked", () => {
    const item = {
      id: 10,
      position: 1,
      titleZh: "议程",
      titleEn: "Item",
      durationMinutes: 15,
      presenter: "",
      topicId: null,
      projectId: null,
      ballotId: null,
      roundLinked: false,
      minutes: "",
    };
    const agenda = (items: (typeof item)[], roundLinkAdded = false) => ({ meetingId: 4, items, roundLinkAdded });
    const plain = applyMeetingEvent(view, event(6, { type: "meeting:agenda-changed", payload: agenda([item]) }));
    expect(plain).toEqual({ view: { ...view, agenda: [item], headSeq: 6 }, refetch: false });
    const linked = { ...item, roundLinked: true };
    const added = applyMeetingEvent(
      plain.view,
      event(7, { type: "meeting:agenda-changed", payload: agenda([linked], true) }),
    );
    expect(added.refetch).toBe(true);
    expect(added.view.agenda).toEqual([linked]);
    // The read brought this reader's link; minutes written on the linked item need no read.
    const withLink = { ...added.view, roundLinks: [{ itemId: 10, roundId: 3, question: "Q?" }] };
    const minutes = applyMeetingEvent(
      withLink,
      event(8, { type: "meeting:agenda-changed", payload: agenda([{ ...linked, minutes: "Agreed." }]) }),
    );
    expect(minutes.refetch).toBe(false);
    expect(minutes.view.roundLinks).toEqual(withLink.roundLinks);
    // Unlinking (or removing the item) drops the link without a read.
    const removed = applyMeetingEvent(withLink, event(8, { type: "meeting:agenda-changed", payload: agenda([item]) }));
    expect(removed.refetch).toBe(false);
    expect(removed.view.roundLinks).toEqual([]);
    expect(
      applyMeetingEvent(withLink, event(8, { type: "meeting:agenda-changed", payload: agenda([]) })).view.roundLinks,
    ).toEqual([]);
  });

  it("ignores an event the data already holds, so a replay is harmless", () => {
    const speakers = [{ id: 1, accountId: 2, displayName: "A", regionId: 1, state: "waiting" as const, position: 1 }];
    const applied = applyMeetingEvent(
      view,
      event(5, { type: "meeting:speakers-changed", payload: { meetingId: 4, speakers } }),
    );
    expect(applied.view).toBe(view);
    const fresh = applyMeetingEvent(
      view,
      event(7, { type: "meeting:speakers-changed", payload: { meetingId: 4, speakers } }),
    );
    expect(fresh.view.speakers).toEqual(speakers);
    expect(fresh.view.headSeq).toBe(7);
  });

  it("replaces the time poll's tallies from the payload", () => {
    const poll = {
      meetingId: 4,
      open: true,
      chosenSlotId: null,
      respondents: 1,
      slots: [
        {
          id: 9,
          startsAt: "2026-10-01T01:00:00.000Z",
          endsAt: "2026-10-01T03:00:00.000Z",
          tally: { yes: 1, ifNeedBe: 0, no: 0 },
          day: {
            date: "2026-10-01",
            weekend: false,
            holiday: { nameZh: "国庆节", nameEn: "National Day" },
            makeupWorkday: false,
            workingDay: false,
          },
          rank: 1,
        },
      ],
    };
    const applied = applyMeetingEvent(
      view,
      event(6, { type: "meeting:time-poll-changed", payload: { meetingId: 4, poll } }),
    );
    expect(applied).toEqual({ view: { ...view, timePoll: poll, headSeq: 6 }, refetch: false });
  });

  it("adds an opened poll, replaces its tally on each vote, and keeps the stored result once closed", () => {
    const empty = { voters: 0, values: [0, 0, 0] };
    const poll: PollView = {
      id: 9,
      meetingId: 4,
      itemId: 10,
      kind: "yes_no",
      questionZh: "同意吗？",
      questionEn: "Agreed?",
      options: [],
      dotsPerVoter: null,
      rule: "double_majority",
      status: "open",
      openedAt: "2026-05-01T01:05:00.000Z",
      closedAt: null,
      tally: { rule: "double_majority", overall: empty, regions: [], verdict: null },
    };
    const opened = applyMeetingEvent(view, event(6, { type: "meeting:poll-opened", payload: { meetingId: 4, poll } }));
    expect(opened.view.polls).toEqual([poll]);
    const tally = { ...poll.tally, overall: { voters: 1, values: [1, 0, 0] } };
    const voted = applyMeetingEvent(
      opened.view,
      event(7, { type: "meeting:poll-tallied", payload: { meetingId: 4, pollId: 9, tally } }),
    );
    expect(voted.view.polls[0]?.tally.overall.voters).toBe(1);
    const closed = { ...poll, status: "closed" as const, closedAt: "2026-05-01T01:09:00.000Z", tally };
    const done = applyMeetingEvent(
      voted.view,
      event(8, { type: "meeting:poll-closed", payload: { meetingId: 4, poll: closed } }),
    );
    expect(done.view.polls).toEqual([closed]);
    // A late tally of a closed poll does not overwrite its result.
    const late = applyMeetingEvent(
      done.view,
      event(9, { type: "meeting:poll-tallied", payload: { meetingId: 4, pollId: 9, tally: poll.tally } }),
    );
    expect(late.view.polls[0]?.tally.overall.voters).toBe(1);
  });
});
