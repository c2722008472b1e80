import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it } from "vitest";
import { setRuntime, type Runtime } from "@/server/runtime";
import { buildAuthOptions } from "@/server/features/accounts/next-auth";
import { readSessionClaims, sessionLimits, withinSessionLifetime } from "./session";

const secret = "s".repeat(40);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const cookie = async (claims: Record<string, unknown>, maxAge: number) =>
  `next-auth.session-token=${await encode({ token: { sub: "7", role: "member", regionId: 1, sid: "session-7", ...claims }, secret, maxAge })}`;

afterEach(() => setRuntime(undefined));

describe("session limits", () => {
  it("default to 30 minutes idle and 12 hours in all", () => {
    expect(sessionLimits()).toEqual({ idleSeconds: 30 * 60, maxSeconds: 12 * 3600 });
  });

  it("accept a fresh token", async () => {
    expect(readSessionClaims(await cookie({ at: nowSeconds() }, 60), secret)).toMatchObject({
      sub: "7",
      sid: "session-7",
    });
  });

  it("end a session that was not refreshed within the idle limit", async () => {
    // The token expired two minutes ago (beyond the decoder's 15 s clock tolerance).
    expect(readSessionClaims(await cookie({ at: nowSeconds() }, -120), secret)).toBeNull();
  });

  it("end a session 12 hours after sign-in however often it was refreshed", async () => {
    expect(readSessionClaims(await cookie({ at: nowSeconds() - 12 * 3600 - 5 }, 60), secret)).toBeNull();
    expect(readSessionClaims(await cookie({ at: nowSeconds() - 11 * 3600 }, 60), secret)).not.toBeNull();
    expect(readSessionClaims(await cookie({}, 60), secret)).toBeNull();
  });

  it("measure the absolute limit from the sign-in time", () => {
    const at = 1_000_000;
    expect(withinSessionLifetime(at, new Date((at + 3600) * 1000), 3600)).toBe(true);
    expect(withinSessionLifetime(at, new Date((at + 3601) * 1000), 3600)).toBe(false);
    expect(withinSessionLifetime(undefined, new Date(), 3600)).toBe(false);
  });

  // A refresh within the limit reads the session row: server/infra/auth/sessions.int.test.ts.
  it("next-auth gives the cookie the idle lifetime and drops the identity from a refresh past the absolute limit", async () => {
    setRuntime({ authSecret: secret } as Runtime);
    const options = buildAuthOptions();
    expect(options.session?.maxAge).toBe(30 * 60);
    const jwt = options.callbacks!.jwt!;
    const stale = await jwt({
      token: { sub: "7", sid: "session-7", at: nowSeconds() - 13 * 3600 },
      user: undefined as never,
      account: null,
      trigger: "update",
    });
    expect(stale).not.toHaveProperty("sub");
  });

  it("refuse a token that names no session", async () => {
    expect(readSessionClaims(await cookie({ at: nowSeconds(), sid: undefined }, 60), secret)).toBeNull();
  });
});
