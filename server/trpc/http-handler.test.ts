import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pino from "pino";
import { z } from "zod";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { causeChain } from "@/server/infra/observability/request-log";
import { createTrpcHandler } from "./http-handler";
import { createContextInner, publicProcedure, router, type Context } from "./init";

const testRouter = router({
  comments: router({
    add: publicProcedure.input(z.object({ password: z.string() })).mutation(() => {
      const driver = Object.assign(new Error("connect ECONNREFUSED postgres://app:hunter2@db:5432/xietong"), {
        code: "08006",
      });
      const query = new Error(
        "Failed query: insert into comments (body) values ($1)\nparams: first line of a body,\nbody-secret",
        { cause: driver },
      );
      throw new Error("insert into comments failed", { cause: query });
    }),
    ok: publicProcedure.query(() => ({ count: 3 })),
    expected: publicProcedure.query(() => {
      throw new AppError("NOT_FOUND", "No such comment");
    }),
  }),
});

const servers: ReturnType<typeof createServer>[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

function harness() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const logger = pino({ level: "info" }, sink);
  const context = createContextInner({} as Omit<Context, "user">, { id: 42 } as Context["user"]);
  const handler = createTrpcHandler({
    router: testRouter,
    createContext: async (_req, requestId) => ({ ...context, requestId }),
    logger,
  });
  // Over real HTTP, through the same Node adapter server/main.ts serves the API with.
  const server = createServer(handler);
  servers.push(server);
  const listening = new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
  const call = async (path: string, init: RequestInit) => fetch(`${await listening}/api/trpc/${path}`, init);
  return { lines, raw, call };
}

describe("5xx logging", () => {
  it("logs a forced internal error with the procedure, the request id it returns and the cause chain, without secrets", async () => {
    const { lines, raw, call } = harness();
    const response = await call("comments.add", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "next-auth.session-token=cookie-secret" },
      body: JSON.stringify({ json: { password: "input-secret" } }),
    });
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const failures = lines.filter((line) => line.msg === "request failed");
    expect(failures).toHaveLength(1);
    const [logged] = failures;
    expect(logged).toMatchObject({ level: 50, requestId, procedure: "comments.add", type: "mutation", userId: 42 });
    const causes = logged!.causes as { name: string; message: string; code?: string }[];
    expect(causes.map((c) => c.message)).toEqual([
      "insert into comments failed",
      "insert into comments failed",
      "Failed query: insert into comments (body) values ($1)\nparams: [redacted]",
      "connect ECONNREFUSED postgres://[redacted]@db:5432/xietong",
    ]);
    expect(causes[0]!.name).toBe("TRPCError");
    expect(causes.at(-1)!.code).toBe("08006");
    const text = raw.join("");
    for (const secret of ["hunter2", "cookie-secret", "input-secret", "body-secret", "first line of a body"])
      expect(text).not.toContain(secret);
    // The person sees only the generic message; the id is how support finds the line.
    const body = await response.text();
    expect(body).not.toContain("ECONNREFUSED");
    expect(body).toContain(`"requestId":"${requestId}"`);
  });

  it("returns the id on every response and keeps a caller's plain one, but logs expected failures not at all", async () => {
    const { lines, call } = harness();
    const response = await call("comments.expected", { method: "GET", headers: { "x-request-id": "proxy-abc-12345" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toBe("proxy-abc-12345");
    expect(lines.filter((line) => line.msg === "request failed")).toHaveLength(0);
    const odd = await call("comments.expected", { method: "GET", headers: { "x-request-id": "not an id; <script>" } });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends a whole answer in one piece with its length, not chunked", async () => {
    const { call } = harness();
    const response = await call("comments.ok", { method: "GET" });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ result: { data: { json: { count: 3 } } } });
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
    expect(response.headers.get("transfer-encoding")).toBeNull();
  });

  it("stops at a cause cycle", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(causeChain(b).map((c) => c.message)).toEqual(["b", "a"]);
  });
});
