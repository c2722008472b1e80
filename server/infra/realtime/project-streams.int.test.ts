import { streamVisibleTo } from "@/server/features/access";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  sessionCookieOf,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { streamKey } from "@/server/domain/stream-access";
import { inviteCoauthor, respondToInvitation } from "@/server/features/projects/project-coauthors";
import { transact } from "../transact";
import { proposalInput, startProject } from "@/server/testing/projects";
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from "./events";
import { createRealtime, type Realtime } from "./io";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const secret = "project-streams-secret-0123456789-0123456789";
let services: TestServices;
let http: Server;
let realtime: Realtime;
let url: string;
const clients: Client[] = [];

async function cookieOf(account: TestAccount) {
  return sessionCookieOf(services.deps.db, account.account, secret);
}

async function subscribe(stream: string, cookie?: string): Promise<SubscribeAck> {
  return (await follow(stream, cookie)).ack;
}

async function follow(
  stream: string,
  cookie?: string,
): Promise<{ socket: Client; ack: SubscribeAck; events: string[] }> {
  const socket: Client = connect(url, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
  });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const events: string[] = [];
  socket.on("stream:event", (event) => events.push(event.type));
  const ack = await new Promise<SubscribeAck>((resolve) => socket.emit("stream:subscribe", { stream }, resolve));
  return { socket, ack, events };
}

beforeAll(async () => {
  services = await createTestServices();
  http = createServer();
  realtime = await createRealtime(http, {
    db: services.deps.db,
    visibleTo: (viewer, stream) => streamVisibleTo(services.deps.db, viewer, stream),
    authSecret: secret,
    logger: pino({ level: "silent" }),
    sweepOutbox: false,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of clients) socket.close();
  await realtime?.close();
  await services?.close();
});

describe("project streams", () => {
  it("keep a draft's stream to those who may see the draft, and open it once submitted", async () => {
    const regionId = await regionIdsByCode(services.deps.db);
    const proposer = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "shenzhen" });
    const stranger = await createTestAccount(services.deps.db, { role: "member", regionCode: "beijing" });
    const draft = await startProject(
      services.deps,
      proposer,
      proposalInput(regionId, { leadRegionId: regionId("shenzhen"), partnerRegionIds: [regionId("dongguan")] }),
      { submit: false },
    );
    const stream = `project:${draft.id}`;
    expect(await subscribe(stream)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await subscribe(stream, await cookieOf(stranger))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await subscribe(stream, await cookieOf(proposer))).toMatchObject({ ok: true });
    expect(await subscribe("project:999999")).toMatchObject({ ok: false, code: "FORBIDDEN" });

    const submitted = await startProject(
      services.deps,
      proposer,
      proposalInput(regionId, { leadRegionId: regionId("shenzhen"), partnerRegionIds: [regionId("dongguan")] }),
    );
    expect(await subscribe(`project:${submitted.id}`)).toMatchObject({ ok: true });
  });

  it("stop sending a draft's events to a co-proposer once they decline, and keep sending them to its author", async () => {
    const regionId = await regionIdsByCode(services.deps.db);
    const proposer = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "shenzhen" });
    const invitee = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "dongguan" });
    const draft = await startProject(
      services.deps,
      proposer,
      proposalInput(regionId, { leadRegionId: regionId("shenzhen"), partnerRegionIds: [regionId("dongguan")] }),
      { submit: false },
    );
    await inviteCoauthor(services.deps, proposer.user, { projectId: draft.id, accountId: invitee.account.id });
    const stream = `project:${draft.id}`;
    const author = await follow(stream, await cookieOf(proposer));
    const guest = await follow(stream, await cookieOf(invitee));
    expect(author.ack).toMatchObject({ ok: true });
    expect(guest.ack).toMatchObject({ ok: true });

    // Through this socket server's publisher, as the app wires it.
    const deps = { ...services.deps, publisher: realtime.publisher };
    await respondToInvitation(deps, invitee.user, { projectId: draft.id, response: "decline" });
    // The answer is itself delivered, then the room is checked again.
    await expect.poll(() => realtime.io.sockets.adapter.rooms.get(stream)?.size ?? 0).toBe(1);
    expect(realtime.io.sockets.adapter.rooms.get(stream)?.has(author.socket.id!)).toBe(true);

    await transact(deps, (_tx, emit) =>
      emit(streamKey({ kind: "project", id: draft.id }), "project:updated", {
        projectId: draft.id,
        version: 2,
        fields: ["summary"],
      }),
    );
    await expect.poll(() => author.events.filter((type) => type === "project:updated").length).toBe(1);
    expect(guest.events).not.toContain("project:updated");
    expect(await subscribe(stream, await cookieOf(invitee))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await realtime.streamAccess.sweep()).toBe(0);
  });
});
