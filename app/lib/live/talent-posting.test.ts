import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ApplicationView } from "@/server/features/talent/contract";
import { applyPostingPageEvent, withOwnApplication, withPosting, type LivePostingPage } from "./talent-posting";

const stream = streamKey({ kind: "user", id: 5 });
const row = (over: Partial<ApplicationView> = {}): ApplicationView => ({
  id: 30,
  postingId: 7,
  applicant: { id: 5, displayName: "Wang", organisation: "Tongji", regionId: 2 },
  statement: "Three years of sensor work",
  status: "applied",
  createdAt: "2026-03-01T00:00:00.000Z",
  statusChangedAt: "2026-03-01T00:00:00.000Z",
  ...over,
});
const changed = (seq: number, application: ApplicationView): LiveEvent => ({
  stream,
  seq,
  at: application.statusChangedAt,
  type: "application:changed",
  payload: {
    postingId: application.postingId,
    application,
    posting: {
      id: application.postingId,
      title: "Sensors",
      kind: "secondment",
      hostRegionId: 1,
      hostOrganisation: "OUC",
    },
  },
});
const page = (over: Partial<LivePostingPage> = {}): LivePostingPage => ({
  posting: { id: 7 },
  mine: null,
  headSeq: 3,
  ...over,
});

describe("applyPostingPageEvent", () => {
  it("takes the host's step on the reader's application with the applicant's next steps", () => {
    const held = withOwnApplication(page(), row());
    expect(held.mine?.actions).toEqual(["withdraw"]);
    const offered = row({ status: "offered", statusChangedAt: "2026-03-02T00:00:00.000Z" });
    const { view, refetch } = applyPostingPageEvent(held, changed(4, offered));
    expect(refetch).toBe(false);
    expect(view).toEqual({
      posting: { id: 7 },
      mine: { ...offered, actions: ["accept", "decline", "withdraw"] },
      headSeq: 4,
    });
  });

  it("moves only the head for the reader's other notices and for another posting's application", () => {
    const at = "2026-03-02T00:00:00.000Z";
    const notice: LiveEvent = { stream, seq: 4, at, type: "notification:read", payload: { ids: [1], readAt: at } };
    expect(applyPostingPageEvent(page(), notice).view).toEqual(page({ headSeq: 4 }));
    expect(applyPostingPageEvent(page(), changed(5, row({ postingId: 8 }))).view).toEqual(page({ headSeq: 5 }));
  });

  it("never takes an application the host's own stream brings (one to the posting they host) as the reader's", () => {
    const application = row({ applicant: { id: 6, displayName: "Li", organisation: "", regionId: 1 } });
    const arrived: LiveEvent = {
      ...changed(4, application),
      type: "application:received",
      payload: {
        postingId: 7,
        application,
        posting: { id: 7, title: "Sensors", kind: "secondment", hostRegionId: 1, hostOrganisation: "OUC" },
        activeApplications: 1,
      },
    };
    expect(applyPostingPageEvent(page(), arrived)).toEqual({ view: page({ headSeq: 4 }), refetch: false });
  });

  it("ignores what the read holds, and an answer older than the step the stream already brought", () => {
    const held = page({ headSeq: 6 });
    expect(applyPostingPageEvent(held, changed(6, row())).view).toBe(held);
    const declined = withOwnApplication(
      page(),
      row({ status: "declined", statusChangedAt: "2026-03-03T00:00:00.000Z" }),
    );
    expect(
      withOwnApplication(declined, row({ status: "shortlisted", statusChangedAt: "2026-03-02T00:00:00.000Z" })),
    ).toBe(declined);
  });

  it("never takes an application other than the one the page holds as the reader's", () => {
    const held = withOwnApplication(page(), row());
    expect(
      withOwnApplication(held, row({ id: 31, applicant: { id: 6, displayName: "Li", organisation: "", regionId: 1 } })),
    ).toBe(held);
  });
});

describe("withPosting", () => {
  const at = (iso: string) => new Date(iso);
  const posting = (status: string, updatedAt: string, id = 7) => ({
    id,
    status,
    updatedAt: at(updatedAt),
    title: "Sensors",
  });
  const held = { posting: posting("open", "2026-03-01T00:00:00.000Z"), canManage: true, mine: null, headSeq: 3 };

  it("takes the host's close with the posting as it left it, keeping the rest of the page", () => {
    const closed = posting("closed", "2026-03-02T00:00:00.000Z");
    expect(withPosting(held, closed)).toEqual({ ...held, posting: closed });
  });

  it("keeps the held posting against an older answer or another posting's", () => {
    const reopened = withPosting(held, posting("open", "2026-03-03T00:00:00.000Z"));
    // The close's answer arriving after the reopen's: the reopen stands.
    expect(withPosting(reopened, posting("closed", "2026-03-02T00:00:00.000Z"))).toBe(reopened);
    expect(withPosting(held, posting("closed", "2026-03-02T00:00:00.000Z", 8))).toBe(held);
  });
});
