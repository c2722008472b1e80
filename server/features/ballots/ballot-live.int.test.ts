import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { votes } from "@/db/schema";
import { applyBallotPageEvent } from "@/app/lib/live/ballot-view";
import { applyOpeningEvent } from "@/app/lib/live/ballot-opening";
import { streamKey } from "@/server/domain/stream-access";
import type { EventMap, LiveEvent } from "@/server/events/contract";
import { ballotProject, ballotSettings } from "@/server/testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { flushVoteNotices } from "./vote-notices";

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
type Page = Awaited<ReturnType<ReturnType<typeof as>["ballots"]["get"]>>;

/** Opens a ballot with five voters in the lead region and one in the partner (a cell a secret ballot hides). */
async function votedBallot(visibility: "secret" | "roll_call") {
  const setup = await ballotProject(services.deps, { members: [5, 1] });
  const chair = setup.members[0]![0]!;
  const opened = await as(chair).ballots.open(ballotSettings(setup.projectId, { visibility, rule: "simple_majority" }));
  const outsider = await createTestAccount(services.deps.db, { role: "researcher" });
  const readers = { chair, voter: setup.members[0]![1]!, partner: setup.members[1]![0]!, outsider, signedOut: null };
  const before = new Map<string, Page>();
  for (const [name, who] of Object.entries(readers))
    before.set(name, await as(who).ballots.get({ ballotId: opened.id }));
  const voters = [...setup.members[0]!, ...setup.members[1]!];
  for (const [i, who] of voters.entries()) {
    await as(who).ballots.castVote({
      ballotId: opened.id,
      choices: setup.planIds.map((planId) => ({
        planId,
        choice: i % 3 === 2 ? ("reject" as const) : ("approve" as const),
      })),
    });
  }
  await flushVoteNotices(services.deps.publisher);
  return { setup, opened, chair, readers, before, voters };
}

const eventsOf = (ballotId: number, after: number): LiveEvent[] =>
  services.deps.publisher.published.filter<LiveEvent>(
    (e): e is LiveEvent => e.stream === streamKey({ kind: "ballot", id: ballotId }) && e.seq > after,
  );

/** Each reader's page as it held it before the votes, with every event after its head applied as the panel does. */
async function expectEventsGiveNextRead(
  ballotId: number,
  readers: Record<string, TestAccount | null>,
  before: Map<string, Page>,
) {
  for (const [name, who] of Object.entries(readers)) {
    let view = before.get(name)!;
    const events = eventsOf(ballotId, view.headSeq);
    expect(events.at(-1)?.type).toBe("ballot:closed");
    for (const event of [...events, ...events]) {
      const applied = applyBallotPageEvent(view, event);
      expect(applied.refetch).toBe(false);
      view = applied.view;
    }
    const fresh = await as(who).ballots.get({ ballotId });
    expect({ reader: name, view }).toEqual({ reader: name, view: fresh });
  }
}

describe(`the close on the ballot's stream (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[LIVE] a secret ballot: the close's event gives each reader (chair, voters, others, signed out) their next read", async () => {
    const { opened, chair, readers, before } = await votedBallot("secret");
    const closed = await as(chair).ballots.close({ ballotId: opened.id });
    expect(closed.closedNow).toBe(true);
    await expectEventsGiveNextRead(opened.id, readers, before);
    // The chair's answer is the page as a read after the commit gives it, with the stream's head.
    const fresh = await as(chair).ballots.get({ ballotId: opened.id });
    expect(closed.page).toEqual(fresh);
    expect(fresh.status).toBe("closed");
    expect(fresh.viewer).toMatchObject({ eligible: false, isChair: true });
    // The partner region's single voter: hidden in the tallies and the verdicts alike.
    expect(fresh.tallies?.[0]?.byRegion.find((r) => r.suppressed)).toMatchObject({ approve: null });
  });

  it("[SECRECY] a secret ballot's close puts no voter, no receipt and no small cell on any stream", async () => {
    const { setup, opened, chair, voters } = await votedBallot("secret");
    await as(chair).ballots.close({ ballotId: opened.id });
    const closes = services.deps.publisher.published.filter(
      (e) => e.type === "ballot:closed" && (e.payload as { ballotId: number }).ballotId === opened.id,
    );
    expect(closes.map((e) => e.stream).sort()).toEqual([`ballot:${opened.id}`, `project:${setup.projectId}`].sort());
    const receipts = await services.deps.db
      .select({ receipt: votes.receipt })
      .from(votes)
      .where(eq(votes.ballotId, opened.id));
    expect(receipts.length).toBe(voters.length * setup.planIds.length);
    for (const event of closes) {
      const text = JSON.stringify(event.payload);
      expect(text).not.toContain("voterId");
      expect(text).not.toContain("receipt");
      for (const who of voters) expect(text).not.toContain(JSON.stringify(who.account.displayName));
      for (const { receipt } of receipts) expect(text).not.toContain(receipt);
    }
    const closed = (closes.find((e) => e.stream === `ballot:${opened.id}`)!.payload as EventMap["ballot:closed"])
      .closed!;
    expect(closed.votes).toBeNull();
    const partner = setup.regions[1]!.id;
    for (const row of closed.tallies) {
      expect(row.byRegion.find((r) => r.regionId === partner)).toMatchObject({
        approve: null,
        reject: null,
        abstain: null,
        suppressed: true,
      });
    }
    for (const plan of closed.result.plans) {
      expect(plan.regions.find((r) => r.regionId === partner)).toMatchObject({ approve: null, suppressed: true });
    }
    // The project's stream keeps to the ballot's row.
    const onProject = closes.find((e) => e.stream === `project:${setup.projectId}`)!.payload;
    expect(onProject).not.toHaveProperty("closed");
  });

  it("[ROLL-CALL] a roll-call's close carries its votes, public to every reader after it, with their dates", async () => {
    const { opened, chair, readers, before, voters, setup } = await votedBallot("roll_call");
    await as(chair).ballots.close({ ballotId: opened.id });
    await expectEventsGiveNextRead(opened.id, readers, before);
    const fresh = await as(null).ballots.get({ ballotId: opened.id });
    expect(fresh.votes).toHaveLength(voters.length * setup.planIds.length);
    expect(fresh.votes?.[0]?.updatedAt).toBeInstanceOf(Date);
  });
});

type Opening = Awaited<ReturnType<ReturnType<typeof as>["ballots"]["opening"]>>;

describe(`consents to simple majority on the project's stream (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[LIVE] each consent carries the pending list: applied, it gives every reader their next read, the opening included", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1] });
    const chair = setup.members[0]![0]!;
    const partner = setup.members[1]![0]!;
    const outsider = await createTestAccount(services.deps.db, { role: "member", regionCode: "qingdao" });
    const readers: Record<string, TestAccount | null> = { chair, partner, outsider, signedOut: null };
    const stream = streamKey({ kind: "project", id: setup.projectId });
    const held = new Map<string, Opening>();
    for (const [name, who] of Object.entries(readers))
      held.set(name, await as(who).ballots.opening({ projectId: setup.projectId }));

    const followAndCompare = async () => {
      for (const [name, who] of Object.entries(readers)) {
        let view = held.get(name)!;
        const events = services.deps.publisher.published.filter<LiveEvent>(
          (e): e is LiveEvent => e.stream === stream && e.seq > view.headSeq,
        );
        for (const event of [...events, ...events]) {
          const applied = applyOpeningEvent(view, event);
          expect(applied.refetch).toBe(false);
          view = applied.view;
        }
        const fresh = await as(who).ballots.opening({ projectId: setup.projectId });
        expect({ reader: name, view }).toEqual({ reader: name, view: fresh });
        held.set(name, view);
      }
    };

    const given = await as(partner).ballots.consent({ projectId: setup.projectId, consent: true });
    // The answer is the consenter's panel read after the commit, with the stream's head.
    expect(given).toEqual(await as(partner).ballots.opening({ projectId: setup.projectId }));
    expect(given.consents.map((c) => c.by.id)).toEqual([partner.account.id]);
    await as(chair).ballots.consent({ projectId: setup.projectId, consent: true });
    await followAndCompare();
    expect(held.get("signedOut")!.consents).toHaveLength(2);

    await as(partner).ballots.consent({ projectId: setup.projectId, consent: false });
    const types = services.deps.publisher.published.filter((e) => e.stream === stream).map((e) => e.type);
    expect(types.slice(-3)).toEqual(["consent:changed", "consent:changed", "consent:changed"]);
    await followAndCompare();
    expect(held.get("outsider")!.consents.map((c) => c.by.id)).toEqual([chair.account.id]);

    // A consent that changes nothing writes no event.
    const before = services.deps.publisher.published.length;
    await as(chair).ballots.consent({ projectId: setup.projectId, consent: true });
    expect(services.deps.publisher.published.filter((e) => e.stream === stream).length).toBe(
      services.deps.publisher.published.slice(0, before).filter((e) => e.stream === stream).length,
    );

    // The ballot takes the pending consents with it.
    await as(chair).ballots.open(ballotSettings(setup.projectId));
    await followAndCompare();
    expect(held.get("chair")!.consents).toEqual([]);
  });
});
