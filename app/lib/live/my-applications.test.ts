import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationView } from "@/server/features/talent/contract";
import { applyMyApplicationsEvent, type SentApplication } from "./my-applications";

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
const listed = (over: Partial<ApplicationView> = {}): SentApplication & { posting: { id: number; title: string } } => {
  const row = application(over);
  return { ...row, posting: { id: row.postingId, title: `Posting ${row.postingId}` }, actions: ["withdraw"] };
};
const changed = (seq: number, row: ApplicationView): LiveEvent => ({
  stream,
  seq,
  at: row.statusChangedAt,
  type: "application:changed",
  payload: { postingId: row.postingId, application: row },
});
const list = (sent = [listed({ id: 31, postingId: 8, statusChangedAt: "2026-03-02T00:00:00.000Z" }), listed()]) => ({
  sent,
  received: [],
  headSeq: 3,
});

describe("applyMyApplicationsEvent", () => {
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

  it("reads again for an application it does not hold, and moves only the head for other notices", () => {
    const start = list();
    const elsewhere = applyMyApplicationsEvent(start, changed(4, application({ id: 99, postingId: 9 })));
    expect(elsewhere).toEqual({ view: start, refetch: true });
    const at = "2026-03-02T00:00:00.000Z";
    const notice: LiveEvent = { stream, seq: 4, at, type: "notification:read", payload: { ids: [1], readAt: at } };
    expect(applyMyApplicationsEvent(start, notice)).toEqual({ view: { ...start, headSeq: 4 }, refetch: false });
  });
});
