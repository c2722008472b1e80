import { Writable } from "node:stream";
import { encode } from "next-auth/jwt";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggedRequestIds, logUnloggedFailure } from "./request-log";
import { logRouteFailure } from "./route-failure";

const secret = "a-test-secret-that-is-long-enough-0123456789";

function sink() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk, _encoding, done) {
        raw.push(chunk.toString());
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    }),
  );
  return { logger, lines, raw };
}

describe("5xx logging outside tRPC", () => {
  it("logs a page's failure once with the route, request id, person, digest and cause chain, and no cookie", async () => {
    const { logger, lines, raw } = sink();
    const token = await encode({
      token: { sub: "42", sid: "s", at: Math.floor(Date.now() / 1000) },
      secret,
      maxAge: 60,
    });
    const error = Object.assign(new Error("render failed", { cause: new Error("relation missing") }), {
      digest: "1234567",
    });
    logRouteFailure(
      { logger, authSecret: secret },
      error,
      { "x-request-id": "req-abc-12345", cookie: `next-auth.session-token=${token}` },
      { routePath: "/topics/[id]", routeType: "render" },
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: "request failed",
      requestId: "req-abc-12345",
      procedure: "/topics/[id]",
      type: "render",
      userId: 42,
      digest: "1234567",
    });
    expect((lines[0]!.causes as { message: string }[]).map((c) => c.message)).toEqual([
      "render failed",
      "relation missing",
    ]);
    expect(raw.join("")).not.toContain(token);
    // main.ts's catch-all sees the id as logged, so the 500 is not logged a second time.
    logUnloggedFailure(logger, { requestId: "req-abc-12345", route: "/topics/9", status: 500 });
    expect(lines).toHaveLength(1);
    expect(loggedRequestIds().has("req-abc-12345")).toBe(false);
  });

  it("logs a 5xx no handler reported, by route without its query, and nothing for a success", () => {
    const { logger, lines } = sink();
    logUnloggedFailure(logger, { requestId: "req-ok-123456", route: "/", status: 200 });
    expect(lines).toHaveLength(0);
    logUnloggedFailure(logger, {
      requestId: "req-bad-12345",
      route: "/api/unsubscribe?token=secret-token",
      status: 502,
    });
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, requestId: "req-bad-12345", route: "/api/unsubscribe", status: 502 }),
    ]);
    expect(JSON.stringify(lines)).not.toContain("secret-token");
  });

  it("keeps a secret in the path (a calendar feed's token, an invitation's) out of the line", () => {
    const { logger, lines } = sink();
    const token = "PxSF2qJV3Ku0KrHw27wPDf0d-n0uhiM8aTIS95tKBvU";
    logUnloggedFailure(logger, { requestId: "req-feed-1234", route: `/api/calendar/${token}.ics`, status: 500 });
    logUnloggedFailure(logger, { requestId: "req-inv-12345", route: `/invite/${token}/`, status: 500 });
    logUnloggedFailure(logger, { requestId: "req-id-123456", route: "/api/meetings/12/ics", status: 500 });
    expect(lines.map((line) => line.route)).toEqual([
      "/api/calendar/[secret].ics",
      "/invite/[secret]/",
      "/api/meetings/12/ics",
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
  });
});
