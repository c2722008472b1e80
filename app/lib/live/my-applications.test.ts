import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationPosting, ApplicationView, HostedPosting } from "@/server/features/talent/contract";
import {
  applyMyApplicationsEvent,
  applyMyPostingsEvent,
  withListedApplication,
  type ListedApplication,
  type LiveMyApplications,
} from "./my-applications";

const stream = streamKey({ kind: "user", id: 5 });
const application = (over: Partial<ApplicationView> = {}): ApplicationView => ({
  id: 30,
  postingId: 7,
  applicant: { id: 5, displayName: "Wang", organisation: "Tongji", regionId: 2 },
  statement: "Three years of sensor work",
  status: "applied",
  createdAt: "2026-03-01T00:00:00.000Z",
  statusChangedAt: "2026-03-01T00:00:00.000Z",
  ...over,
});
const postingOf = (id: number): ApplicationPosting => ({
  id,
  title: `Posting ${id}`,
  kind: "secondment",
  hostRegionId: 3,
  hostOrganisation: "OUC",
});
const listed = (over: Partial<ApplicationView> = {}, actions: ListedApplication["actions"] = ["withdraw"]) => {
  const row = application(over);
  return { ...row, posting: postingOf(row.postingId), actions };
};
const changed = (seq: number, row: ApplicationView): LiveEvent => ({
  stream,
  seq,
  at: row.statusChangedAt,
  type: "application:changed",
  payload: { postingId: row.postingId, application: row, posting: postingOf(row.postingId) },
});
const received = (seq: number, row: ApplicationView, activeApplications = 1): LiveEvent => ({
  stream,
  seq,
  at: row.statusChangedAt,
  type: "application:received",
  payload: { postingId: row.postingId, application: row, posting: postingOf(row.postingId), activeApplications },
});
const list = (
  sent = [listed({ id: 31, postingId: 8, statusChangedAt: "2026-03-02T00:00:00.000Z" }), listed()],
  receivedRows: ListedApplication[] = [],
): LiveMyApplications => ({ sent, received: receivedRows, headSeq: 3 });

/** An application to the reader's posting 9, by someone else. */
const theirs = (over: Partial<ApplicationView> = {}) =>
  application({
    id: 40,
    postingId: 9,
    applicant: { id: 6, displayName: "Li", organisation: "SJTU", regionId: 4 },
    ...over,
  });

describe("applyMyApplicationsEvent: the applicant's side", () => {
  it("takes the host's step with the applicant's next steps, keeps the posting and moves the row to the top", () => {
    const offered = application({ status: "offered", statusChangedAt: "2026-03-03T00:00:00.000Z" });
    const { view, refetch } = applyMyApplicationsEvent(list(), changed(4, offered));
    expect(refetch).toBe(false);
    expect(view.headSeq).toBe(4);
    expect(view.sent.map((r) => [r.id, r.status, r.posting.title, r.actions])).toEqual([
      [30, "offered", "Posting 7", ["accept", "decline", "withdraw"]],
      [31, "applied", "Posting 8", ["withdraw"]],
    ]);
    expect(view.received).toEqual([]);
  });

  it("applies an event once: a repeat or an older seq changes nothing", () => {
    const offered = changed(4, application({ status: "offered", statusChangedAt: "2026-03-03T00:00:00.000Z" }));
    const once = applyMyApplicationsEvent(list(), offered).view;
    expect(applyMyApplicationsEvent(once, offered)).toEqual({ view: once, refetch: false });
    const start = list();
    expect(applyMyApplicationsEvent(start, changed(3, application({ status: "withdrawn" }))).view).toBe(start);
  });

  it("keeps a newer held row than the event's, moving only the head", () => {
    const start = list([listed({ status: "withdrawn", statusChangedAt: "2026-03-05T00:00:00.000Z" })]);
    const stale = application({ status: "shortlisted", statusChangedAt: "2026-03-04T00:00:00.000Z" });
    expect(applyMyApplicationsEvent(start, changed(4, stale))).toEqual({
      view: { ...start, headSeq: 4 },
      refetch: false,
    });
  });

  it("puts in an application made from another tab with the event's posting; other notices only move the head", () => {
    const start = list();
    const made = application({ id: 99, postingId: 9, statusChangedAt: "2026-03-04T00:00:00.000Z" });
    const { view, refetch } = applyMyApplicationsEvent(start, changed(4, made));
    expect(refetch).toBe(false);
    expect(view.sent.map((r) => [r.id, r.posting.title, r.actions])).toEqual([
      [99, "Posting 9", ["withdraw"]],
      [31, "Posting 8", ["withdraw"]],
      [30, "Posting 7", ["withdraw"]],
    ]);
    const at = "2026-03-02T00:00:00.000Z";
    const notice: LiveEvent = { stream, seq: 4, at, type: "notification:read", payload: { ids: [1], readAt: at } };
    expect(applyMyApplicationsEvent(start, notice)).toEqual({ view: { ...start, headSeq: 4 }, refetch: false });
  });
});

describe("applyMyApplicationsEvent: the host's side", () => {
  it("puts a new application to the reader's posting among those received, with the host's steps, never among the sent", () => {
    const start = list(undefined, [listed({ id: 41, postingId: 9, statusChangedAt: "2026-03-01T12:00:00.000Z" }, [])]);
    const arrived = theirs({ statusChangedAt: "2026-03-04T00:00:00.000Z" });
    const { view, refetch } = applyMyApplicationsEvent(start, received(4, arrived));
    expect(refetch).toBe(false);
    expect(view.headSeq).toBe(4);
    expect(view.sent).toBe(start.sent);
    expect(view.received.map((r) => [r.id, r.applicant.displayName, r.posting.title, r.actions])).toEqual([
      [40, "Li", "Posting 9", ["shortlist", "decline"]],
      [41, "Wang", "Posting 9", []],
    ]);
  });

  it("takes either side's step on a received application, and leaves it out of reach once the applicant withdrew", () => {
    const start = list([], [listed({ id: 40, postingId: 9 }, ["shortlist", "decline"])]);
    const offered = theirs({ status: "offered", statusChangedAt: "2026-03-02T00:00:00.000Z" });
    const afterOffer = applyMyApplicationsEvent(start, received(4, offered)).view;
    expect(afterOffer.received.map((r) => [r.status, r.actions])).toEqual([["offered", []]]);
    const accepted = theirs({ status: "accepted", statusChangedAt: "2026-03-03T00:00:00.000Z" });
    const afterAccept = applyMyApplicationsEvent(afterOffer, received(5, accepted)).view;
    expect(afterAccept.received.map((r) => [r.status, r.actions])).toEqual([["accepted", ["complete"]]]);
    // The host's own step answered after the applicant's next step arrived puts nothing back.
    expect(withListedApplication(afterAccept, "host", offered)).toBe(afterAccept);
  });
});

describe("withListedApplication: an own step's answer", () => {
  it("sets the row on the side it was taken from, keeping its posting, and leaves an unknown row out", () => {
    const start = list([], [listed({ id: 40, postingId: 9 }, ["shortlist", "decline"])]);
    const shortlisted = theirs({ status: "shortlisted", statusChangedAt: "2026-03-02T00:00:00.000Z" });
    const view = withListedApplication(start, "host", shortlisted);
    expect(view.received).toEqual([{ ...shortlisted, posting: postingOf(9), actions: ["offer", "decline"] }]);
    expect(view.headSeq).toBe(3);
    expect(withListedApplication(start, "applicant", shortlisted)).toBe(start);
  });
});

describe("applyMyPostingsEvent", () => {
  const hosted = (id: number, over: Partial<HostedPosting> = {}): HostedPosting => ({
    id,
    title: `Posting ${id}`,
    kind: "secondment",
    status: "open",
    createdAt: `2026-02-0${id - 8}T00:00:00.000Z`,
    ...over,
  });
  // Newest first, as the read lists them.
  const postings = {
    postings: [
      { ...hosted(10), activeApplications: 0 },
      { ...hosted(9), activeApplications: 2 },
    ],
    headSeq: 3,
  };
  const postingChanged = (seq: number, posting: HostedPosting): LiveEvent => ({
    stream,
    seq,
    at: posting.createdAt,
    type: "posting:changed",
    payload: { posting },
  });

  it("sets a posting's count from the host's stream, once", () => {
    const event = received(4, theirs({ status: "withdrawn" }), 1);
    const { view, refetch } = applyMyPostingsEvent(postings, event);
    expect(refetch).toBe(false);
    expect(view).toEqual({
      postings: [
        { ...hosted(10), activeApplications: 0 },
        { ...hosted(9), activeApplications: 1 },
      ],
      headSeq: 4,
    });
    expect(applyMyPostingsEvent(view, received(4, theirs(), 5)).view).toBe(view);
  });

  it("reads again for a posting it does not hold; the reader's own applications only move the head", () => {
    expect(applyMyPostingsEvent(postings, received(4, theirs({ postingId: 11 }), 1))).toEqual({
      view: postings,
      refetch: true,
    });
    expect(applyMyPostingsEvent(postings, changed(4, application()))).toEqual({
      view: { ...postings, headSeq: 4 },
      refetch: false,
    });
  });

  it("takes a posting closed or opened elsewhere with its row, keeping its count", () => {
    const { view, refetch } = applyMyPostingsEvent(postings, postingChanged(4, hosted(9, { status: "closed" })));
    expect(refetch).toBe(false);
    expect(view).toEqual({
      postings: [
        { ...hosted(10), activeApplications: 0 },
        { ...hosted(9, { status: "closed" }), activeApplications: 2 },
      ],
      headSeq: 4,
    });
    expect(applyMyPostingsEvent(view, postingChanged(4, hosted(9))).view).toBe(view);
  });

  it("puts a posting created in another tab first, with no applications yet; then counts for it apply", () => {
    const created = hosted(11, { title: "New place" });
    const { view } = applyMyPostingsEvent(postings, postingChanged(4, created));
    expect(view.postings.map((p) => [p.id, p.activeApplications])).toEqual([
      [11, 0],
      [10, 0],
      [9, 2],
    ]);
    const counted = applyMyPostingsEvent(view, received(5, theirs({ postingId: 11 }), 1));
    expect(counted.refetch).toBe(false);
    expect(counted.view.postings[0]).toEqual({ ...created, activeApplications: 1 });
  });
});
