import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { initTRPC } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { wireTransformer } from "./wire";

const at = new Date("2026-12-06T10:00:00.123Z");

/** Shapes the server answers with: dates deep in lists, optional fields, keys with dots, and the rarer types. */
const answers: [string, unknown][] = [
  ["a plain object", { a: 1, b: "x", c: [true, null] }],
  ["a root date", at],
  ["root undefined", undefined],
  [
    "dates deep in a list",
    {
      items: [
        { id: 1, createdAt: at, closedAt: null },
        { id: 2, createdAt: at },
      ],
    },
  ],
  ["an undefined field", { a: undefined, b: [undefined, 1] }],
  ["keys with dots and backslashes", { "a.b": at, "c\\d": { "e.f": at }, "1": at }],
  ["the same date object twice", { first: at, second: at, list: [at, at] }],
  [
    "the same object twice",
    (() => {
      const shared = { at };
      return { x: shared, y: shared };
    })(),
  ],
  ["bigint and special numbers", { big: 12345678901234567890n, nan: NaN, inf: -Infinity, zero: -0 }],
  [
    "a map with dates inside",
    {
      m: new Map<string, unknown>([
        ["k", at],
        ["l", { at }],
      ]),
    },
  ],
  ["a set of dates", new Set([at, new Date(0)])],
  ["a regexp and a URL", { r: /a.b/gi, u: new URL("https://example.org/x?y=1") }],
  ["an empty list and object", { list: [], object: {} }],
];

describe("the browser's transformer reads what superjson writes", () => {
  it.each(answers)("%s", (_name, value) => {
    const text = JSON.stringify(superjson.serialize(value));
    const read = wireTransformer.deserialize(JSON.parse(text) as Parameters<typeof wireTransformer.deserialize>[0]);
    expect(read).toEqual(superjson.deserialize(JSON.parse(text)));
    expect(read).toEqual(value);
  });

  it("refuses a type it cannot make rather than handing a page the raw form", () => {
    expect(() => wireTransformer.deserialize({ json: "x", meta: { values: ["custom", {}] as never, v: 1 } })).toThrow(
      TypeError,
    );
  });

  it("refuses a path into an object's prototype", () => {
    expect(() =>
      wireTransformer.deserialize({ json: {}, meta: { values: { "__proto__.x": ["Date"] }, v: 1 } }),
    ).toThrow(TypeError);
  });
});

/** Inputs pages send: filters with dates, optional fields left out or undefined, keys with dots. */
const inputs: [string, unknown][] = [
  ["no input", undefined],
  ["a plain object", { projectId: 3, body: "text", tags: ["a", "b"] }],
  ["dates in an object and a list", { from: at, slots: [{ start: at, end: new Date(0) }] }],
  ["an undefined field", { cursor: undefined, limit: 20 }],
  ["keys with dots", { "a.b": { "c\\d": at } }],
  ["special numbers", { n: NaN, m: Infinity, z: -0 }],
  ["null", null],
  ["a root date", at],
];

describe("the browser's transformer writes what superjson writes", () => {
  it.each(inputs)("%s", (_name, value) => {
    // The same envelope, key order aside; identity between two copies of one object is not sent (the
    // server's zod parse copies inputs anyway).
    const ours = JSON.parse(JSON.stringify(wireTransformer.serialize(value))) as { meta?: object };
    const theirs = JSON.parse(JSON.stringify(superjson.serialize(value))) as {
      meta?: { referentialEqualities?: unknown };
    };
    delete theirs.meta?.referentialEqualities;
    expect(ours).toEqual(theirs);
    expect(superjson.deserialize(JSON.parse(JSON.stringify(wireTransformer.serialize(value))))).toEqual(value);
  });

  it("refuses what the server could not read back the same way", () => {
    expect(() => wireTransformer.serialize({ n: 1n })).toThrow(TypeError);
    expect(() => wireTransformer.serialize({ m: new Map() })).toThrow(TypeError);
  });
});

describe("a tRPC client with it, against a server with superjson", () => {
  const t = initTRPC.create({ transformer: superjson });
  const appRouter = t.router({
    window: t.procedure
      .input(z.object({ from: z.date(), note: z.string().optional() }))
      .query(({ input }) => ({ from: input.from, until: new Date(input.from.getTime() + 60_000), note: input.note })),
    fail: t.procedure.input(z.object({ n: z.number().int() })).mutation(({ input }) => input.n),
  });
  const server = createServer(createHTTPHandler({ router: appRouter }));
  afterAll(() => void server.close());
  const client = async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return createTRPCClient<typeof appRouter>({ links: [httpBatchLink({ url, transformer: wireTransformer })] });
  };

  it("sends dates as dates, gets dates back, and reads a refusal", async () => {
    const trpc = await client();
    const [answer, refusal] = await Promise.all([
      trpc.window.query({ from: at, note: undefined }),
      trpc.fail.mutate({ n: 1.5 }).catch((error: unknown) => error),
    ]);
    expect(answer).toEqual({ from: at, until: new Date(at.getTime() + 60_000), note: undefined });
    expect(answer.until).toBeInstanceOf(Date);
    expect(refusal).toBeInstanceOf(TRPCClientError);
    expect((refusal as TRPCClientError<typeof appRouter>).data?.httpStatus).toBe(400);
  });
});
