import { createServer, type IncomingMessage, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import pino from "pino";
import superjson from "superjson";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { immutableAnswer } from "../infra/immutable-answer";
import { createTrpcHandler, trpcBasePath } from "./http-handler";
import { answerCall } from "./http-query";
import { createContextInner, publicProcedure, router, signedInProcedure, type Context } from "./init";

let created = 0;
// A cached read's answer: the same frozen object for every caller, with Dates, an absent and a null value.
const cachedAnswer = immutableAnswer([
  { id: 1, at: new Date("2026-12-07T04:00:00Z"), retiredAt: null, note: undefined, tags: ["a"] },
  { id: 2, at: new Date(0), retiredAt: new Date("2026-01-01T00:00:00Z"), tags: [] },
]);
const testRouter = router({
  things: router({
    echo: publicProcedure.input(z.object({ at: z.date(), n: z.number().int() })).query(({ input }) => ({
      at: input.at,
      doubled: input.n * 2,
    })),
    none: publicProcedure.query(() => ["a", "b"]),
    cached: publicProcedure.query(() => cachedAnswer),
    mine: signedInProcedure.query(({ ctx }) => ({ id: ctx.user.id })),
    missing: publicProcedure.query(() => {
      throw new AppError("NOT_FOUND", "No such thing");
    }),
    broken: publicProcedure.query(() => {
      throw new Error("database is down");
    }),
    add: publicProcedure.input(z.object({ n: z.number() })).mutation(({ input }) => ({ n: input.n + 1 })),
    later: publicProcedure
      .input(z.object({ at: z.date() }))
      .mutation(({ input }) => ({ at: new Date(input.at.getTime() + 1000) })),
    refuse: signedInProcedure.mutation(() => {
      throw new AppError("NOT_FOUND", "No such thing");
    }),
  }),
});

const servers: ReturnType<typeof createServer>[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

/** Signed in when the request carries `x-test-user`; counts the contexts built. */
function contextFor(req: IncomingMessage, requestId: string): Promise<Context> {
  created += 1;
  const user = req.headers["x-test-user"] ? ({ id: Number(req.headers["x-test-user"]) } as Context["user"]) : null;
  return Promise.resolve({ ...createContextInner({} as Omit<Context, "user">, user), requestId });
}

function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

const logged: Record<string, unknown>[] = [];
const logger = pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
const app = serve(createTrpcHandler({ router: testRouter, createContext: contextFor, logger }));
// tRPC's own adapter alone: what every answer must equal.
const reference = serve(
  createHTTPHandler({
    router: testRouter,
    basePath: trpcBasePath,
    createContext: ({ req }) => contextFor(req, "reference"),
  }),
);

async function both(path: string, init: RequestInit = {}) {
  const answer = async (base: Promise<string>) => {
    const response = await fetch(`${await base}${trpcBasePath}${path}`, init);
    return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
  };
  return { fast: await answer(app), adapter: await answer(reference) };
}

/** A JSON POST, as httpBatchLink sends a mutation. */
const post = (body: unknown, raw?: string): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: raw ?? JSON.stringify(body),
});

const input = (value: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(value)));

describe("GET queries answered without the fetch adapter", () => {
  it.each([
    ["a query without input", "things.none"],
    ["a query with a Date in its input", `things.echo?input=${input({ at: new Date("2026-12-06T10:00:00Z"), n: 21 })}`],
    [
      "a batch, as httpBatchLink sends it",
      `things.none,things.echo?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: superjson.serialize({ at: new Date(0), n: 2 }) }))}`,
    ],
    ["invalid input (400 with field errors)", `things.echo?input=${input({ at: "yesterday", n: 1.5 })}`],
    ["an expected failure (404)", "things.missing"],
    ["a batch with one failure (207)", "things.none,things.missing?batch=1"],
    ["a signed-in procedure, signed out (401)", "things.mine"],
    ["an immutable answer, serialised the first time", "things.cached"],
    ["an immutable answer again, from its kept bytes", "things.cached"],
    ["an immutable answer in a batch", "things.none,things.cached,things.missing?batch=1"],
    ["an internal failure (500, generic message)", "things.broken"],
  ])("%s: the same status and body as tRPC's adapter", async (_name, path) => {
    const { fast, adapter } = await both(path);
    expect(fast.status).toBe(adapter.status);
    expect(fast.type).toBe(adapter.type);
    // The request id differs by design (each server makes its own); nothing else may.
    const withoutIds = (body: string) => body.replace(/"requestId":"[^"]*"/g, '"requestId":"-"');
    expect(withoutIds(fast.body)).toBe(withoutIds(adapter.body));
  });

  it("an immutable answer decodes on the client to the same values and types (Dates stay Dates)", async () => {
    for (let i = 0; i < 2; i += 1) {
      const { fast } = await both("things.cached?batch=1");
      const [answer] = JSON.parse(fast.body) as [{ result: { data: Parameters<typeof superjson.deserialize>[0] } }];
      expect(superjson.deserialize(answer.result.data)).toEqual(cachedAnswer);
    }
  });

  it("answers a signed-in procedure for the signed-in caller", async () => {
    const { fast } = await both("things.mine", { headers: { "x-test-user": "7" } });
    expect(fast.status).toBe(200);
    expect(JSON.parse(fast.body)).toEqual({ result: { data: { json: { id: 7 } } } });
  });

  it("logs an internal failure once, with the procedure and request id it answered with", async () => {
    logged.length = 0;
    const response = await fetch(`${await app}${trpcBasePath}things.broken`, { headers: { "x-test-user": "9" } });
    expect(response.status).toBe(500);
    const failures = logged.filter((line) => line.msg === "request failed");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      procedure: "things.broken",
      type: "query",
      userId: 9,
      requestId: response.headers.get("x-request-id"),
    });
  });

  it.each([
    ["a query sent as POST", "things.none", { method: "POST", headers: { "content-type": "application/json" } }],
    ["a mutation sent as GET", "things.add", {}],
    ["an unknown procedure", "things.nothing", {}],
    ["malformed input", "things.echo?input=%7Bnot-json", {}],
    ["a batch whose input is not an object", "things.none?batch=1&input=%5B1%5D", {}],
    ["a mutation with a body that is not JSON", "things.add", { method: "POST", body: '{"json":{"n":1}}' }],
    ["a mutation without a body", "things.add", { method: "POST", headers: { "content-type": "application/json" } }],
    ["a mutation and a query in one batch", "things.add,things.none?batch=1", post({ 0: { json: { n: 1 } } })],
  ] as const)("leaves %s to the adapter, whose answer it equals", async (_name, path, init) => {
    const before = created;
    const { fast, adapter } = await both(path, init);
    expect(fast.status).toBe(adapter.status);
    expect(fast.body).toBe(adapter.body);
    // Handed over before any context was built: one context per server, not two for the fast one.
    expect(created - before).toBeLessThanOrEqual(2);
  });

  it("answers queries itself and hands everything else over untouched", async () => {
    const options = {
      router: testRouter,
      basePath: trpcBasePath,
      createContext: (req: IncomingMessage) => contextFor(req, "x"),
      onError: () => {},
    };
    const base = await serve((req, res) => {
      void answerCall(options, req, res).then((answered) => {
        if (!answered) res.writeHead(418).end();
      });
    });
    const status = async (path: string, init: RequestInit = {}) =>
      (await fetch(`${base}${trpcBasePath}${path}`, init)).status;
    expect(await status("things.none")).toBe(200);
    expect(await status("things.none,things.missing?batch=1")).toBe(207);
    expect(await status("things.broken")).toBe(500);
    expect(await status("things.add")).toBe(418);
    expect(await status("things.add", post({ json: { n: 1 } }))).toBe(200);
    expect(await status("things.add", { method: "POST", body: "{}" })).toBe(418);
    expect(await status("things.nothing")).toBe(418);
    expect(await status("things.none", { method: "POST" })).toBe(418);
    expect(await status("things.none", { headers: { "trpc-accept": "application/jsonl" } })).toBe(418);
  });
});

describe("POST mutations answered without the fetch adapter", () => {
  const withoutIds = (body: string) => body.replace(/"requestId":"[^"]*"/g, '"requestId":"-"');
  it.each([
    ["a mutation", "things.add", post({ json: { n: 1 } })],
    ["a mutation with a Date in its input and answer", "things.later", post(superjson.serialize({ at: new Date(0) }))],
    [
      "a batch of two, as httpBatchLink sends it",
      "things.add,things.later?batch=1",
      post({ 0: { json: { n: 41 } }, 1: superjson.serialize({ at: new Date("2026-12-07T08:00:00Z") }) }),
    ],
    ["invalid input (400 with field errors)", "things.add", post({ json: { n: "one" } })],
    ["an expected failure in a batch (207)", "things.add,things.refuse?batch=1", post({ 0: { json: { n: 1 } } })],
    ["a signed-in mutation, signed out (401)", "things.refuse", post({ json: null })],
    ["a body that does not parse (400)", "things.add", post(null, '{"json":')],
    ["a batch whose body is not an object (400)", "things.add,things.add?batch=1", post([1, 2])],
    [
      "a content type with parameters and capitals",
      "things.add",
      { ...post({ json: { n: 2 } }), headers: { "content-type": "Application/JSON; charset=utf-8" } },
    ],
  ] as const)("%s: the same status and body as tRPC's adapter", async (_name, path, init) => {
    const { fast, adapter } = await both(path, init);
    expect(fast.status).toBe(adapter.status);
    expect(fast.type).toBe(adapter.type);
    expect(withoutIds(fast.body)).toBe(withoutIds(adapter.body));
  });
});
