import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken } from "./session-token";

const secret = "a-test-secret-that-is-long-enough-0123456789";

describe("session cookie decoding with a cached key", () => {
  it("reads what next-auth wrote, and nothing tampered, foreign or expired", async () => {
    const token = await encode({ token: { sub: "7", sid: "abc" }, secret, maxAge: 60 });
    expect(decodeSessionToken(token, secret)).toMatchObject({ sub: "7", sid: "abc" });
    expect(decodeSessionToken(token, secret)).toMatchObject({ sub: "7" });
    expect(decodeSessionToken(token, `${secret}-other`)).toBeNull();
    const parts = token.split(".");
    const flipped = parts[3]!.startsWith("A") ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    expect(decodeSessionToken([...parts.slice(0, 3), flipped, parts[4]].join("."), secret)).toBeNull();
    // Past expiry beyond next-auth's 15 s tolerance.
    expect(decodeSessionToken(token, secret, Date.now() / 1000 + 60 + 16)).toBeNull();
    expect(decodeSessionToken("not.a.token", secret)).toBeNull();
  });

  it("judges a remembered token's time limits at each use, and hands out copies", async () => {
    const token = await encode({ token: { sub: "8", sid: "def" }, secret, maxAge: 60 });
    const now = Date.now() / 1000;
    const first = decodeSessionToken(token, secret, now);
    expect(first).toMatchObject({ sub: "8" });
    first!.sub = "9";
    expect(decodeSessionToken(token, secret, now)).toMatchObject({ sub: "8" });
    // Decoded once and remembered, it still expires, and still belongs to its secret only.
    expect(decodeSessionToken(token, secret, now + 60 + 16)).toBeNull();
    expect(decodeSessionToken(token, `${secret}-other`, now)).toBeNull();
    expect(decodeSessionToken(token, secret, now)).toMatchObject({ sub: "8", sid: "def" });
  });
});
