import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, notifications, type Role } from "@/db/schema";
import { streamKey } from "@/server/domain/stream-access";
import { streamVisibleTo } from "@/server/features/access";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput, startProject } from "@/server/testing/projects";
import { callFailure } from "@/server/testing/trpc-errors";
import type { ApplicationView, CreatePostingInput } from "./contract";
import type { ApplicationAction } from "@/shared/talent-vocabulary";
import { applyPipelineEvent } from "@/app/lib/live/talent-pipeline";
import { applyPostingPageEvent, withOwnApplication, withPosting } from "@/app/lib/live/talent-posting";
import { applyMyApplicationsEvent, applyMyPostingsEvent, withListedApplication } from "@/app/lib/live/my-applications";
import type { LiveEvent } from "@/server/events/contract";

let services: TestServices;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const account = (role: Role, regionCode: string, organisation = "Test organisation") =>
  createTestAccount(services.deps.db, { role, regionCode, organisation });

const postingInput = (over: Partial<CreatePostingInput> = {}): CreatePostingInput => ({
  kind: "secondment",
  title: "海洋传感器联合研发借调（6个月）",
  description: "在青岛海洋观测平台参与传感器标定与数据质控。",
  field: "海洋科学",
  hostRegionId: regionId("qingdao"),
  durationMonths: 6,
  places: 2,
  support: "住宿补贴每月3000元，往返交通",
  startsOn: "2027-03-01",
  ...over,
});

async function kindsFor(accountId: number) {
  const rows = await services.deps.db
    .select({ kind: notifications.kind, params: notifications.params })
    .from(notifications)
    .where(eq(notifications.recipientId, accountId));
  return rows;
}

describe(`talent exchange (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[TALENT] a researcher applies across regions; the host shortlists and offers; the applicant accepts; host completes", async () => {
    const host = await account("researcher", "qingdao", "中国海洋大学");
    const applicant = await account("researcher", "shanghai", "同济大学");
    const posting = await as(host).talent.create(postingInput());
    expect(posting.hostOrganisation).toBe("中国海洋大学");

    const board = await as(null).talent.list({ kind: "secondment", regionId: regionId("qingdao"), field: "海洋" });
    expect(board.items.map((p) => p.id)).toContain(posting.id);
    expect((await as(null).talent.list({ kind: "short_training" })).items.map((p) => p.id)).not.toContain(posting.id);

    const applied = await as(applicant).talent.applyFor({
      postingId: posting.id,
      statement: "我做过三年海洋传感器标定。",
    });
    expect(applied).toMatchObject({
      status: "applied",
      applicant: { regionId: regionId("shanghai"), organisation: "同济大学" },
    });
    expect((await kindsFor(host.account.id)).map((n) => n.kind)).toContain("talent_application");

    // The host's pipeline hears of it live, on the posting's own stream.
    const stream = streamKey({ kind: "posting", id: posting.id });
    const live = services.deps.publisher.published.filter((e) => e.stream === stream);
    expect(live.at(-1)).toMatchObject({
      type: "application:changed",
      payload: { application: { id: applied.id, status: "applied" } },
    });

    // One application per person; none to one's own posting.
    expect(
      (await callFailure(as(applicant).talent.applyFor({ postingId: posting.id, statement: "again" }))).reason,
    ).toBe("ALREADY_APPLIED");
    expect((await callFailure(as(host).talent.applyFor({ postingId: posting.id, statement: "me" }))).reason).toBe(
      "OWN_POSTING",
    );

    // Neither side takes the other's step.
    expect(
      (await callFailure(as(applicant).talent.move({ applicationId: applied.id, action: "shortlist" }))).reason,
    ).toBe("APPLICATION_STEP_NOT_ALLOWED");
    await as(host).talent.move({ applicationId: applied.id, action: "shortlist" });
    const offered = await as(host).talent.move({ applicationId: applied.id, action: "offer" });
    expect(offered.status).toBe("offered");
    expect((await callFailure(as(host).talent.move({ applicationId: applied.id, action: "accept" }))).reason).toBe(
      "APPLICATION_STEP_NOT_ALLOWED",
    );
    const told = await kindsFor(applicant.account.id);
    expect(told.filter((n) => n.kind === "talent_application_status").map((n) => n.params.step)).toEqual([
      "shortlisted",
      "offered",
    ]);
    const mine = await as(applicant).talent.get({ postingId: posting.id });
    expect(mine.mine).toMatchObject({ status: "offered", actions: ["accept", "decline", "withdraw"] });
    expect(mine.canManage).toBe(false);

    await as(applicant).talent.move({ applicationId: applied.id, action: "accept" });
    expect((await as(applicant).talent.recognition({ accountId: applicant.account.id })).counts?.exchanges).toBe(0);
    await as(host).talent.move({ applicationId: applied.id, action: "complete" });
    // A completed exchange between two regions counts for both sides and both regions.
    expect((await as(null).talent.recognition({ accountId: applicant.account.id })).counts?.exchanges).toBe(1);
    expect((await as(null).talent.recognition({ accountId: host.account.id })).counts?.exchanges).toBe(1);
    const regions = await as(null).talent.regionRecognition();
    const exchangesOf = (code: string) => regions.find((r) => r.regionId === regionId(code))!.counts.exchanges;
    expect(exchangesOf("qingdao")).toBeGreaterThanOrEqual(1);
    expect(exchangesOf("shanghai")).toBeGreaterThanOrEqual(1);

    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, "talent_application"), eq(auditEntries.targetId, String(applied.id))));
    expect(audit.map((a) => (a.after as { status: string }).status)).toEqual([
      "shortlisted",
      "offered",
      "accepted",
      "completed",
    ]);
  });

  it("[LIVE] each step the host's page applies from the posting's stream gives what talent.pipeline returns next, with no read", async () => {
    const host = await account("researcher", "qingdao", "中国海洋大学");
    const admin = await account("admin", "beijing");
    const [first, second] = [await account("researcher", "shanghai"), await account("member", "shenzhen")];
    const posting = await as(host).talent.create(postingInput());
    const readers = [host, admin];
    const read = (reader: TestAccount) => as(reader).talent.pipeline({ postingId: posting.id });
    let views = await Promise.all(readers.map(read));
    const published = services.deps.publisher.published;
    const step = async (act: () => Promise<unknown>) => {
      const from = published.length;
      await act();
      const events = published.slice(from).filter((e) => e.stream === `posting:${posting.id}`);
      expect(events.map((e) => e.type)).toEqual(["application:changed"]);
      views = await Promise.all(
        readers.map(async (reader, i) => {
          const applied = applyPipelineEvent(views[i]!, events[0]!);
          expect(applied.refetch).toBe(false);
          const next = await read(reader);
          expect(applied.view).toEqual(next);
          return next;
        }),
      );
    };
    const { id } = await as(first).talent.applyFor({ postingId: posting.id, statement: "海洋传感器标定三年。" });
    views = await Promise.all(readers.map(read));
    await step(() => as(host).talent.move({ applicationId: id, action: "shortlist" }));
    await step(() => as(second).talent.applyFor({ postingId: posting.id, statement: "数据质控。" }));
    await step(() => as(host).talent.move({ applicationId: id, action: "offer" }));
    expect(views[0]!.applications[0]!.actions).toEqual([]);
    await step(() => as(first).talent.move({ applicationId: id, action: "accept" }));
    await step(() => as(admin).talent.move({ applicationId: id, action: "complete" }));
    const other = views[0]!.applications[1]!.id;
    await step(() => as(second).talent.move({ applicationId: other, action: "withdraw" }));
    expect(views[0]!.applications.map((a) => [a.status, a.actions])).toEqual([
      ["completed", []],
      ["withdrawn", []],
    ]);
  });

  it("[LIVE] an applicant's page takes their application's steps from their own stream and their answers, with no read", async () => {
    const host = await account("researcher", "qingdao", "中国海洋大学");
    const [first, second, stranger] = [
      await account("researcher", "shanghai"),
      await account("member", "shenzhen"),
      await account("researcher", "yantai"),
    ];
    const posting = await as(host).talent.create(postingInput());
    const readers: Record<string, TestAccount | null> = { host, first, second, stranger, signedOut: null };
    const get = (who: TestAccount | null) => as(who).talent.get({ postingId: posting.id });
    type Page = Awaited<ReturnType<typeof get>>;
    const views = new Map<string, Page>();
    for (const [name, who] of Object.entries(readers)) views.set(name, await get(who));
    const own = (who: TestAccount) =>
      services.deps.publisher.published.filter<LiveEvent>((e): e is LiveEvent => e.stream === `user:${who.account.id}`);
    /** One step, an applicant's answer set on their page (the host's goes to the pipeline), then every reader's own stream applied as the page does. */
    const step = async (actor: TestAccount, act: () => Promise<Parameters<typeof withOwnApplication>[1]>) => {
      const answer = await act();
      const actorName = Object.keys(readers).find((name) => readers[name] === actor)!;
      if (actor !== host) views.set(actorName, withOwnApplication(views.get(actorName)!, answer));
      for (const [name, who] of Object.entries(readers)) {
        let view = views.get(name)!;
        const events = who ? own(who).filter((e) => e.seq > view.headSeq) : [];
        for (const event of [...events, ...events]) {
          const applied = applyPostingPageEvent(view, event);
          expect(applied.refetch).toBe(false);
          view = applied.view;
        }
        expect({ reader: name, view }).toEqual({ reader: name, view: await get(who) });
        views.set(name, view);
      }
    };
    const applied = await (async () => {
      let id = 0;
      await step(first, async () => {
        const answer = await as(first).talent.applyFor({ postingId: posting.id, statement: "海洋传感器标定三年。" });
        id = answer.id;
        return answer;
      });
      return id;
    })();
    await step(second, () => as(second).talent.applyFor({ postingId: posting.id, statement: "数据质控。" }));
    await step(host, () => as(host).talent.move({ applicationId: applied, action: "shortlist" }));
    await step(host, () => as(host).talent.move({ applicationId: applied, action: "offer" }));
    expect(views.get("first")!.mine).toMatchObject({ status: "offered", actions: ["accept", "decline", "withdraw"] });
    await step(first, () => as(first).talent.move({ applicationId: applied, action: "accept" }));
    const other = views.get("second")!.mine!.id;
    await step(host, () => as(host).talent.move({ applicationId: other, action: "decline" }));
    expect(views.get("second")!.mine).toMatchObject({ status: "declined", actions: [] });
    expect(views.get("first")!.mine).toMatchObject({ status: "accepted" });
    expect(views.get("host")!.mine).toBeNull();
    expect(views.get("stranger")!.mine).toBeNull();

    // Each applicant's stream carries their own application only; nobody else's stream carries any.
    const carried = (who: TestAccount) =>
      own(who).flatMap((e) => (e.type === "application:changed" ? [e.payload.application] : []));
    expect(new Set(carried(first).map((a) => a.applicant.id))).toEqual(new Set([first.account.id]));
    expect(new Set(carried(second).map((a) => a.applicant.id))).toEqual(new Set([second.account.id]));
    expect(JSON.stringify(own(second))).not.toContain("海洋传感器标定三年");
    expect(carried(host)).toEqual([]);
    expect(carried(stranger)).toEqual([]);
  });

  it("[LIVE] an applicant's \"My applications\" applies the hosts' steps from their own stream: each gives what talent.myApplications returns next", async () => {
    const [hostA, hostB] = [await account("researcher", "qingdao"), await account("researcher", "yantai")];
    const applicant = await account("researcher", "shenzhen");
    const [postingA, postingB] = [
      await as(hostA).talent.create(postingInput()),
      await as(hostB).talent.create(
        postingInput({ title: "海洋数据平台访问（3个月）", hostRegionId: regionId("yantai") }),
      ),
    ];
    const read = () => as(applicant).talent.myApplications();
    const own = () =>
      services.deps.publisher.published.filter<LiveEvent>(
        (e): e is LiveEvent => e.stream === `user:${applicant.account.id}`,
      );
    // The applicant's own applications are read again (the page does, after its own step): one not held has no posting title on the stream.
    const a = await as(applicant).talent.applyFor({ postingId: postingA.id, statement: "海洋传感器标定三年。" });
    const b = await as(applicant).talent.applyFor({ postingId: postingB.id, statement: "数据质控。" });
    let view = await read();
    expect(view.sent.map((r) => r.id)).toEqual([b.id, a.id]);
    const step = async (act: () => Promise<unknown>) => {
      await act();
      const events = own().filter((e) => e.seq > view.headSeq);
      expect(events.length).toBeGreaterThan(0);
      for (const event of [...events, ...events]) {
        const applied = applyMyApplicationsEvent(view, event);
        expect(applied.refetch).toBe(false);
        view = applied.view;
      }
      expect(view).toEqual(await read());
    };
    await step(() => as(hostA).talent.move({ applicationId: a.id, action: "shortlist" }));
    expect(view.sent.map((r) => [r.id, r.status])).toEqual([
      [a.id, "shortlisted"],
      [b.id, "applied"],
    ]);
    await step(() => as(hostB).talent.move({ applicationId: b.id, action: "shortlist" }));
    await step(() => as(hostA).talent.move({ applicationId: a.id, action: "offer" }));
    expect(view.sent[0]).toMatchObject({ id: a.id, status: "offered", actions: ["accept", "decline", "withdraw"] });
    await step(() => as(hostB).talent.move({ applicationId: b.id, action: "decline" }));
    expect(view.sent.find((r) => r.id === b.id)).toMatchObject({ status: "declined", actions: [] });

    // An application made from another tab comes with its posting as the list shows it: no read.
    const posting = await as(hostB).talent.create(postingInput({ title: "联合观测（2个月）" }));
    await step(() => as(applicant).talent.applyFor({ postingId: posting.id, statement: "观测经验。" }));
    expect(view.sent[0]).toMatchObject({
      posting: { id: posting.id, title: "联合观测（2个月）" },
      actions: ["withdraw"],
    });
  });

  it("[LIVE] a host's \"My applications\" and postings follow their own stream, and a step's answer settles its row: each gives what the next reads return", async () => {
    const [host, otherHost, admin] = [
      await account("researcher", "qingdao", "中国海洋大学"),
      await account("researcher", "yantai"),
      await account("admin", "beijing"),
    ];
    const [first, second, stranger] = [
      await account("researcher", "shanghai", "同济大学"),
      await account("member", "shenzhen"),
      await account("researcher", "dongguan"),
    ];
    const [sensors, data] = [
      await as(host).talent.create(postingInput()),
      await as(host).talent.create(postingInput({ title: "海洋数据平台访问（3个月）", kind: "short_training" })),
    ];
    // The host applies elsewhere too: both of their lists follow the one stream.
    const elsewhere = await as(otherHost).talent.create(postingInput({ hostRegionId: regionId("yantai") }));
    const people = { host, otherHost, first, second, stranger };
    type Lists = Awaited<ReturnType<ReturnType<typeof as>["talent"]["myApplications"]>>;
    type Postings = Awaited<ReturnType<ReturnType<typeof as>["talent"]["myPostings"]>>;
    const readLists = (who: TestAccount) => as(who).talent.myApplications();
    const readPostings = (who: TestAccount) => as(who).talent.myPostings();
    const lists = new Map<TestAccount, Lists>();
    const postings = new Map<TestAccount, Postings>();
    for (const who of Object.values(people)) {
      lists.set(who, await readLists(who));
      postings.set(who, await readPostings(who));
    }
    const own = (who: TestAccount) =>
      services.deps.publisher.published.filter<LiveEvent>((e): e is LiveEvent => e.stream === `user:${who.account.id}`);
    /** One step; the answer of a step taken from this page set on its side first; then each reader's own stream applied (twice: once counts). */
    const step = async (
      act: () => Promise<ApplicationView>,
      settle?: { by: TestAccount; side: "applicant" | "host" },
    ) => {
      const answer = await act();
      if (settle) {
        const settled = withListedApplication(lists.get(settle.by)!, settle.side, answer);
        const side = settle.side === "applicant" ? "sent" : "received";
        // The answer is the row the next read lists, before its event is applied.
        expect(settled[side].find((r) => r.id === answer.id)).toEqual(
          (await readLists(settle.by))[side].find((r) => r.id === answer.id),
        );
        lists.set(settle.by, settled);
      }
      for (const [name, who] of Object.entries(people)) {
        let [list, counts] = [lists.get(who)!, postings.get(who)!];
        for (const event of [...own(who), ...own(who)]) {
          const applied = applyMyApplicationsEvent(list, event);
          const counted = applyMyPostingsEvent(counts, event);
          expect([applied.refetch, counted.refetch]).toEqual([false, false]);
          [list, counts] = [applied.view, counted.view];
        }
        expect({ name, list, counts }).toEqual({ name, list: await readLists(who), counts: await readPostings(who) });
        lists.set(who, list);
        postings.set(who, counts);
      }
    };
    const applyTo = (who: TestAccount, postingId: number) => () =>
      as(who).talent.applyFor({ postingId, statement: "海洋传感器标定三年。" });
    const move = (who: TestAccount, applicationId: number, action: ApplicationAction) => () =>
      as(who).talent.move({ applicationId, action });

    await step(applyTo(first, sensors.id));
    const a = lists.get(host)!.received[0]!;
    expect(a).toMatchObject({
      applicant: { id: first.account.id, organisation: "同济大学" },
      actions: ["shortlist", "decline"],
    });
    await step(applyTo(second, sensors.id));
    await step(applyTo(second, data.id));
    const b = lists.get(second)!.sent.find((r) => r.posting.id === sensors.id)!;
    await step(applyTo(host, elsewhere.id));
    expect(postings.get(host)!.postings.map((p) => [p.id, p.activeApplications])).toEqual([
      [data.id, 1],
      [sensors.id, 2],
    ]);
    await step(move(host, a.id, "shortlist"), { by: host, side: "host" });
    await step(move(admin, b.id, "shortlist"));
    await step(move(host, a.id, "offer"), { by: host, side: "host" });
    await step(move(first, a.id, "accept"), { by: first, side: "applicant" });
    await step(move(second, b.id, "withdraw"), { by: second, side: "applicant" });
    const mine = lists.get(host)!.sent[0]!;
    await step(move(otherHost, mine.id, "shortlist"), { by: otherHost, side: "host" });
    await step(move(host, a.id, "complete"), { by: host, side: "host" });
    expect(lists.get(host)!.received.map((r) => [r.id, r.status, r.actions])).toEqual([
      [a.id, "completed", []],
      [b.id, "withdrawn", []],
      [lists.get(host)!.received[2]!.id, "applied", ["shortlist", "decline"]],
    ]);
    expect(lists.get(host)!.sent.map((r) => [r.id, r.status])).toEqual([[mine.id, "shortlisted"]]);
    expect(postings.get(host)!.postings.map((p) => [p.id, p.activeApplications])).toEqual([
      [data.id, 1],
      [sensors.id, 0],
    ]);

    // A third person's stream carries nothing of it; the host's carries no one's email.
    expect(own(stranger)).toEqual([]);
    expect(lists.get(stranger)).toMatchObject({ sent: [], received: [] });
    const hostStream = JSON.stringify(own(host));
    for (const who of [first, second]) expect(hostStream).not.toContain(who.account.email);
    expect(
      own(host)
        .filter((e) => e.type === "application:received")
        .map((e) => e.payload.application.applicant.id),
    ).not.toContain(host.account.id);
  });

  it('[LIVE] a host\'s "My postings" takes postings created, closed and reopened in another tab or by an admin from their own stream: each gives the next read', async () => {
    const [host, admin, applicant, stranger] = [
      await account("researcher", "qingdao"),
      await account("admin", "beijing"),
      await account("researcher", "shanghai"),
      await account("researcher", "dongguan"),
    ];
    const first = await as(host).talent.create(postingInput());
    const readers = [host, stranger];
    const held = new Map<TestAccount, Awaited<ReturnType<ReturnType<typeof as>["talent"]["myPostings"]>>>();
    for (const who of readers) held.set(who, await as(who).talent.myPostings());
    const own = (who: TestAccount) =>
      services.deps.publisher.published.filter<LiveEvent>(
        (e): e is LiveEvent => e.stream === streamKey({ kind: "user", id: who.account.id }),
      );
    const step = async (act: () => Promise<unknown>) => {
      await act();
      for (const who of readers) {
        let view = held.get(who)!;
        // Twice over: an event applied again changes nothing.
        for (const event of [...own(who), ...own(who)]) {
          const applied = applyMyPostingsEvent(view, event);
          expect(applied.refetch).toBe(false);
          view = applied.view;
        }
        expect(view).toEqual(await as(who).talent.myPostings());
        held.set(who, view);
      }
    };
    let second = first;
    await step(async () => (second = await as(host).talent.create(postingInput({ title: "数据平台访问（3个月）" }))));
    await step(() => as(applicant).talent.applyFor({ postingId: second.id, statement: "数据质控两年。" }));
    await step(() => as(host).talent.setStatus({ postingId: first.id, status: "closed" }));
    await step(() => as(admin).talent.setStatus({ postingId: second.id, status: "closed" }));
    await step(() => as(host).talent.setStatus({ postingId: first.id, status: "open" }));
    expect(held.get(host)!.postings.map((p) => [p.id, p.status, p.activeApplications])).toEqual([
      [second.id, "closed", 1],
      [first.id, "open", 0],
    ]);
    // The host's own stream only: nobody else hears of their postings.
    expect(own(stranger)).toEqual([]);
    expect(own(admin).filter((e) => e.type === "posting:changed")).toEqual([]);
  });

  it("[LIVE] steps taken at once on one posting's applications: the host's count at the last seq is the posting's", async () => {
    const host = await account("researcher", "qingdao");
    const posting = await as(host).talent.create(postingInput({ places: 5 }));
    const applicants = [
      await account("researcher", "shanghai"),
      await account("researcher", "shenzhen"),
      await account("member", "yantai"),
    ];
    const ids: number[] = [];
    for (const who of applicants)
      ids.push((await as(who).talent.applyFor({ postingId: posting.id, statement: "数据质控。" })).id);
    let counts = await as(host).talent.myPostings();
    expect(counts.postings[0]!.activeApplications).toBe(3);
    // Each step counts in its own transaction: one that missed another's step must not come last.
    await Promise.all([
      as(host).talent.move({ applicationId: ids[0]!, action: "decline" }),
      as(applicants[1]!).talent.move({ applicationId: ids[1]!, action: "withdraw" }),
      as(host).talent.move({ applicationId: ids[2]!, action: "shortlist" }),
    ]);
    const events = services.deps.publisher.published.filter<LiveEvent>(
      (e): e is LiveEvent => e.stream === `user:${host.account.id}` && e.seq > counts.headSeq,
    );
    for (const event of events.toSorted((x, y) => x.seq - y.seq)) counts = applyMyPostingsEvent(counts, event).view;
    expect(counts).toEqual(await as(host).talent.myPostings());
    expect(counts.postings[0]!.activeApplications).toBe(1);
  });

  it("[TALENT-ACCESS] applications are visible to the applicant, the host and admins only, on every read path", async () => {
    const host = await account("researcher", "yantai");
    const applicant = await account("researcher", "dongguan");
    const stranger = await account("member", "yantai");
    const admin = await account("admin", "shanghai");
    const posting = await as(host).talent.create(
      postingInput({ hostRegionId: regionId("yantai"), kind: "visiting_researcher" }),
    );
    const applied = await as(applicant).talent.applyFor({ postingId: posting.id, statement: "私密的申请陈述" });

    // Pipeline and CSV: host and admin yes, applicant and stranger refused.
    expect((await as(host).talent.pipeline({ postingId: posting.id })).applications.map((a) => a.id)).toEqual([
      applied.id,
    ]);
    expect((await as(admin).talent.pipeline({ postingId: posting.id })).applications).toHaveLength(1);
    for (const who of [applicant, stranger]) {
      expect((await callFailure(as(who).talent.pipeline({ postingId: posting.id }))).reason).toBe("TALENT_FORBIDDEN");
      expect((await callFailure(as(who).talent.export({ postingId: posting.id }))).reason).toBe("TALENT_FORBIDDEN");
    }
    expect((await callFailure(as(null).talent.pipeline({ postingId: posting.id }))).httpStatus).toBe(401);
    const csv = await as(host).talent.export({ postingId: posting.id });
    expect(csv.body).toContain("私密的申请陈述");
    expect(csv.mimeType).toBe("text/csv");

    // Moving: a stranger cannot even learn the application exists.
    expect((await callFailure(as(stranger).talent.move({ applicationId: applied.id, action: "decline" }))).code).toBe(
      "NOT_FOUND",
    );
    // An admin acts as the host.
    await as(admin).talent.move({ applicationId: applied.id, action: "shortlist" });

    // Lists: each sees only their side.
    expect((await as(applicant).talent.myApplications()).sent.map((a) => a.id)).toEqual([applied.id]);
    expect((await as(host).talent.myApplications()).received.map((a) => a.id)).toEqual([applied.id]);
    const strangers = await as(stranger).talent.myApplications();
    expect([...strangers.sent, ...strangers.received]).toEqual([]);
    expect((await as(stranger).talent.get({ postingId: posting.id })).mine).toBeNull();

    // The live stream: only the host and admins may join it.
    const stream = { kind: "posting" as const, id: posting.id };
    expect(await streamVisibleTo(services.deps.db, host.user, stream)).toBe(true);
    expect(await streamVisibleTo(services.deps.db, admin.user, stream)).toBe(true);
    expect(await streamVisibleTo(services.deps.db, applicant.user, stream)).toBe(false);
    expect(await streamVisibleTo(services.deps.db, stranger.user, stream)).toBe(false);
    expect(await streamVisibleTo(services.deps.db, null, stream)).toBe(false);

    // Notifications of an application go to its two sides only.
    expect((await kindsFor(stranger.account.id)).filter((n) => n.kind.startsWith("talent_"))).toEqual([]);
  });

  it("[TALENT] a closed posting takes no applications; only its host closes it; withdrawal ends an application", async () => {
    const host = await account("researcher", "tianjin");
    const other = await account("researcher", "tianjin");
    const applicant = await account("researcher", "shenzhen");
    const posting = await as(host).talent.create(
      postingInput({ hostRegionId: regionId("tianjin"), kind: "short_training" }),
    );
    const applied = await as(applicant).talent.applyFor({ postingId: posting.id, statement: "想参加培训" });
    const withdrawn = await as(applicant).talent.move({ applicationId: applied.id, action: "withdraw" });
    expect(withdrawn.status).toBe("withdrawn");
    expect((await callFailure(as(host).talent.move({ applicationId: applied.id, action: "shortlist" }))).reason).toBe(
      "APPLICATION_STEP_NOT_ALLOWED",
    );
    expect((await callFailure(as(other).talent.setStatus({ postingId: posting.id, status: "closed" }))).reason).toBe(
      "TALENT_FORBIDDEN",
    );
    await as(host).talent.setStatus({ postingId: posting.id, status: "closed" });
    const late = await account("researcher", "suzhou");
    expect((await callFailure(as(late).talent.applyFor({ postingId: posting.id, statement: "x" }))).reason).toBe(
      "POSTING_CLOSED",
    );
    expect((await as(null).talent.list({})).items.map((p) => p.id)).not.toContain(posting.id);
    expect((await as(host).talent.myPostings()).postings.find((p) => p.id === posting.id)?.status).toBe("closed");
  });

  it("[LIVE] the host's or an admin's open or close answers with the posting its page shows: set, it equals the next talent.get", async () => {
    const host = await account("researcher", "tianjin");
    const admin = await account("admin", "tianjin");
    const posting = await as(host).talent.create(postingInput({ hostRegionId: regionId("tianjin") }));
    for (const [who, status] of [
      [host, "closed"],
      [admin, "open"],
      [host, "open"],
      [admin, "closed"],
    ] as const) {
      const held = await as(who).talent.get({ postingId: posting.id });
      const answer = await as(who).talent.setStatus({ postingId: posting.id, status });
      const next = await as(who).talent.get({ postingId: posting.id });
      expect(next.posting.status).toBe(status);
      // The host's own stream moved (posting:changed, for "My postings"), but a page that manages the
      // posting follows no stream with talent.get's head: only the posting is the answer's to set.
      expect({ ...withPosting(held, answer), headSeq: next.headSeq }).toEqual(next);
    }
  });

  it("[EXPERTISE] an expertise profile is shown only as far as its owner opted in; links must be web addresses", async () => {
    const owner = await account("researcher", "qingdao");
    const reader = await account("researcher", "shanghai");
    const profile = {
      fields: ["海洋科学"],
      keywords: ["海洋观测", "传感器"],
      links: [{ kind: "patent" as const, label: "一种海洋浮标传感器", url: "https://example.org/patent/1" }],
      visibility: "hidden" as const,
      recognitionOptOut: false,
    };
    await as(owner).talent.saveExpertise(profile);
    expect((await as(owner).talent.myExpertise()).keywords).toEqual(["海洋观测", "传感器"]);
    expect(await as(reader).talent.expertise({ accountId: owner.account.id })).toBeNull();
    await as(owner).talent.saveExpertise({ ...profile, visibility: "participants" });
    expect((await as(reader).talent.expertise({ accountId: owner.account.id }))?.fields).toEqual(["海洋科学"]);
    expect(await as(null).talent.expertise({ accountId: owner.account.id })).toBeNull();
    await as(owner).talent.saveExpertise({ ...profile, visibility: "public" });
    expect(await as(null).talent.expertise({ accountId: owner.account.id })).not.toBeNull();
    expect(
      (
        await callFailure(
          as(owner).talent.saveExpertise({
            ...profile,
            links: [{ kind: "other", label: "x", url: "javascript:alert(1)" }],
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
  });

  it("[RECOGNITION] counts co-proposed projects and approved ones; a person may opt out of showing them", async () => {
    const proposer = await account("researcher", "shenzhen");
    const started = await startProject(services.deps, proposer, proposalInput(regionId));
    const coauthor = started.coauthors[0]!;
    const before = await as(null).talent.recognition({ accountId: coauthor.account.id });
    expect(before).toMatchObject({ optedOut: false, counts: { projects: 1, decisions: 0 } });
    expect((await as(null).talent.recognition({ accountId: proposer.account.id })).counts?.projects).toBe(1);
    const regions = await as(null).talent.regionRecognition();
    expect(regions.find((r) => r.regionId === regionId("dongguan"))!.counts.projects).toBeGreaterThanOrEqual(1);

    await as(coauthor).talent.saveExpertise({
      fields: [],
      keywords: [],
      links: [],
      visibility: "hidden",
      recognitionOptOut: true,
    });
    expect(await as(null).talent.recognition({ accountId: coauthor.account.id })).toEqual({
      optedOut: true,
      counts: null,
    });
    // The person still sees their own figures.
    expect((await as(coauthor).talent.recognition({ accountId: coauthor.account.id })).counts?.projects).toBe(1);
  });

  it("[SUGGEST] suggests opted-in experts from the partner regions, with reasons, never hidden profiles", async () => {
    const proposer = await account("researcher", "shanghai");
    const ocean = await account("researcher", "qingdao", "中国海洋大学");
    const hidden = await account("researcher", "qingdao", "中国海洋大学");
    const elsewhere = await account("researcher", "shenzhen", "深圳大学");
    const profile = (visibility: "hidden" | "participants" | "public") => ({
      fields: ["海洋科学"],
      keywords: ["海洋观测", "传感器"],
      links: [],
      visibility,
      recognitionOptOut: false,
    });
    await as(ocean).talent.saveExpertise(profile("participants"));
    await as(hidden).talent.saveExpertise(profile("hidden"));
    await as(elsewhere).talent.saveExpertise(profile("public"));
    const found = await as(proposer).talent.suggestCoproposers({
      text: "近海海洋观测网络：布设低功耗传感器",
      tags: [],
      partnerRegionIds: [regionId("qingdao")],
    });
    const ids = found.people.map((p) => p.accountId);
    expect(ids).toContain(ocean.account.id);
    expect(ids).not.toContain(hidden.account.id);
    expect(ids).not.toContain(elsewhere.account.id);
    const first = found.people.find((p) => p.accountId === ocean.account.id)!;
    expect(first.reasons.keywords).toEqual(["海洋观测", "传感器"]);
    expect(found.organisations.map((o) => o.organisation)).toContain("中国海洋大学");
    expect(
      (await callFailure(as(null).talent.suggestCoproposers({ text: "x", tags: [], partnerRegionIds: [] }))).httpStatus,
    ).toBe(401);
  });
});
