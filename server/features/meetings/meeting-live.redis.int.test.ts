import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { asc, eq } from "drizzle-orm";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMeetingEvent, type LiveMeetingView } from "@/app/lib/live/meeting-view";
import { createStreamFollower } from "@/app/lib/stream-follower";
import { events } from "@/db/schema";
import { streamVisibleTo } from "@/server/features/access";
import { asStreamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { createRealtime, type Realtime } from "@/server/infra/realtime/io";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/infra/realtime/events";
import { freshRegions, insertAccounts, makeChair } from "@/server/testing/ballots";
import {
  callerFor,
  createTestClock,
  createTestServices,
  sessionCookieOf,
  type TestServices,
} from "@/server/testing/fixtures";
import { toChinaLocal } from "./rules";

// Issue #18: the whole meeting, draft to closed, acted on through one app instance while a page
// follows it through another; the two share the database and Redis (the socket.io adapter), as two
// processes behind a load balancer do. Both instances run in this process, so PGlite can be shared
// too. Included by vitest.config.ts only when REDIS_URL is set.
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const redisPrefix = `xietong-test-${randomBytes(6).toString("hex")}`;
const clock = createTestClock();
let services: TestServices;
const nodes: { http: Server; realtime: Realtime; url: string }[] = [];
const clients: Client[] = [];

async function startInstance() {
  const http = createServer();
  const realtime = await createRealtime(http, {
    db: services.deps.db,
    visibleTo: (viewer, stream) => streamVisibleTo(services.deps.db, viewer, stream),
    authSecret: services.deps.authSecret,
    logger: pino({ level: "silent" }),
    redisUrl: process.env.REDIS_URL,
    redisPrefix,
    // Every event is published by the instance that committed it; a resend would hide a lost one.
    sweepOutbox: false,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const node = { http, realtime, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  nodes.push(node);
  return node;
}

beforeAll(async () => {
  services = await createTestServices({ now: clock.now });
});
afterAll(async () => {
  for (const socket of clients) socket.close();
  for (const node of nodes) await node.realtime.close();
  for (const node of nodes) await new Promise((resolve) => node.http.close(resolve));
  await services?.close();
});

async function until(check: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The meeting page's follower on its own socket: the page's stream follower and reducer. */
async function followMeeting(url: string, cookie: string, initial: LiveMeetingView, meetingId: number) {
  const socket: Client = connect(url, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { cookie },
  });
  clients.push(socket);
  const page = { view: initial, applied: [] as LiveEvent[], subscriptions: 0, resyncs: 0 };
  const follower = createStreamFollower(
    asStreamKey(`meeting:${meetingId}`),
    (input, ack) => {
      page.subscriptions += 1;
      socket.emit("stream:subscribe", input, ack);
    },
    () => ({
      onEvent: (event) => {
        page.applied.push(event);
        page.view = applyMeetingEvent(page.view, event).view;
      },
      onResync: () => void (page.resyncs += 1),
    }),
    initial.headSeq,
  );
  socket.on("stream:event", (event) => follower.received(event));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  follower.connected();
  await until(() => follower.lastSeq !== undefined && page.subscriptions === 1, "the subscription");
  return { page, follower };
}

const liveParts = (view: LiveMeetingView): LiveMeetingView => ({
  meeting: view.meeting,
  agenda: view.agenda,
  roundLinks: view.roundLinks,
  presence: view.presence,
  speakers: view.speakers,
  decisions: view.decisions,
  timePoll: view.timePoll,
  polls: view.polls,
  viewer: view.viewer,
  headSeq: view.headSeq,
});

describe(`a meeting followed live through another instance (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[MEETING] draft to closed, acted on through instance A: a page on instance B gets every event in order, no gap, payloads as committed", async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    // Everything is done through A: its publisher is the one that broadcasts what A commits.
    const onA = { ...services.deps, publisher: a.realtime.publisher };
    const as = (who: { user: Parameters<typeof callerFor>[1] }) => callerFor(onA, who.user);
    const hours = (h: number) => toChinaLocal(new Date(clock.now().getTime() + h * 3_600_000));

    const db = services.deps.db;
    const [ra, rb] = await freshRegions(db, 2);
    const [chair, memberA] = await insertAccounts(db, ra!.id, 2);
    const [memberB] = await insertAccounts(db, rb!.id, 1);
    await makeChair(db, chair!);
    const { meetingId } = await as(chair!).meetings.create({
      kind: "coordination",
      titleZh: "长三角科技政策协调会",
      titleEn: "Yangtze Delta S&T policy meeting",
      hostRegionId: ra!.id,
      startsAt: hours(1),
      endsAt: hours(3),
    });

    // A draft is the chair's alone: the chair's page, open on instance B from the start.
    const initial = await callerFor(services.deps, chair!.user).meetings.get({ meetingId });
    const cookie = await sessionCookieOf(db, chair!.account, services.deps.authSecret);
    const { page, follower } = await followMeeting(b.url, cookie, initial, meetingId);

    const first = await as(chair!).meetings.addItem({
      meetingId,
      titleZh: "联合实验室",
      titleEn: "Joint laboratory",
      durationMinutes: 20,
    });
    await as(chair!).meetings.addItem({
      meetingId,
      titleZh: "人才互认",
      titleEn: "Talent recognition",
      durationMinutes: 15,
    });
    await as(chair!).meetings.transition({ meetingId, action: "schedule" });
    await as(memberA!).meetings.register({ meetingId, mode: "in_person" });
    await as(memberB!).meetings.register({ meetingId, mode: "delegate", delegateName: "王敏" });
    await as(chair!).meetings.transition({ meetingId, action: "start" });
    await as(chair!).meetings.setCurrentItem({ itemId: first.itemId });
    const { pollId } = await as(chair!).meetings.openPoll({
      meetingId,
      kind: "yes_no",
      questionZh: "是否同意共建联合实验室？",
      questionEn: "Do we set up a joint laboratory?",
      rule: "double_majority",
    });
    await as(memberA!).meetings.votePoll({ pollId, answer: { kind: "yes_no", choice: "yes" } });
    await as(memberB!).meetings.votePoll({ pollId, answer: { kind: "yes_no", choice: "no" } });
    await as(memberB!).meetings.votePoll({ pollId, answer: { kind: "yes_no", choice: "yes" } });
    await as(chair!).meetings.closePoll({ pollId });
    await as(chair!).meetings.saveMinutes({ itemId: first.itemId, minutes: "各方同意共建联合实验室。" });
    await as(chair!).meetings.recordDecision({
      itemId: first.itemId,
      textZh: "共建联合实验室",
      textEn: "Set up a joint laboratory",
    });
    await as(chair!).meetings.transition({ meetingId, action: "end" });
    await as(chair!).meetings.transition({ meetingId, action: "approve_minutes" });

    // The committed record of the stream: every event since the page's read, in seq order.
    const stored = await db
      .select({ seq: events.seq, type: events.type, payload: events.payload })
      .from(events)
      .where(eq(events.stream, `meeting:${meetingId}`))
      .orderBy(asc(events.seq));
    const since = stored.filter((e) => e.seq > initial.headSeq);
    const head = stored.at(-1)!.seq;
    await until(() => follower.lastSeq === head, `the page on B to reach seq ${head}`);

    // Every event, in order, with no gap to fill (one subscription, no catch-up asked, no refetch).
    expect(page.applied.map((e) => e.seq)).toEqual(since.map((e) => e.seq));
    expect(since.map((e) => e.seq)).toEqual(Array.from({ length: since.length }, (_, i) => initial.headSeq + 1 + i));
    expect(page.subscriptions).toBe(1);
    expect(page.resyncs).toBe(0);
    expect(page.applied.map((e) => ({ seq: e.seq, type: e.type, payload: e.payload }))).toEqual(since);
    expect(new Set(page.applied.map((e) => e.type))).toEqual(
      new Set([
        "meeting:agenda-changed",
        "meeting:changed",
        "meeting:presence-changed",
        "meeting:poll-opened",
        "meeting:poll-tallied",
        "meeting:poll-closed",
        "meeting:decisions-changed",
      ]),
    );
    // What the page built from the events alone is what a fresh read of the committed meeting says.
    const fresh = await callerFor(services.deps, chair!.user).meetings.get({ meetingId });
    expect(fresh.meeting.status).toBe("closed");
    expect(liveParts(page.view)).toEqual(liveParts(fresh));
    expect(page.view.polls[0]).toMatchObject({
      status: "closed",
      tally: { overall: { voters: 2, values: [2, 0, 0] } },
    });
  });
});
