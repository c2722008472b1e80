import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, createTestServices, type TestServices } from "../testing/fixtures";
import { driveFiftyWrongPasswords } from "../testing/sign-in-limits";
import { createMemoryRateLimitStore } from "./rate-limit";
import { signInLimits, signInWithPassword } from "./sign-in";

let services: TestServices;
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

describe("sign-in abuse limits (in memory)", () => {
  it("hold after 50 wrong passwords while another account still signs in", async () => {
    await createTestAccount(services.deps.db, { role: "member", email: "victim@limits.test", password: "the-right-password-1" });
    await createTestAccount(services.deps.db, { role: "member", email: "other@limits.test", password: "another-right-password" });
    await driveFiftyWrongPasswords(services.deps.db, createMemoryRateLimitStore(), "victim@limits.test", { email: "other@limits.test", password: "another-right-password" }, "the-right-password-1");
  });

  it("end with the window, and a success clears an account's failures", async () => {
    let clock = 0;
    const store = createMemoryRateLimitStore(() => clock);
    await createTestAccount(services.deps.db, { role: "member", email: "window@limits.test", password: "window-password-123" });
    const attempt = (password: string) => signInWithPassword(services.deps.db, store, { email: "window@limits.test", password, address: "198.51.100.1" });
    for (let i = 0; i < signInLimits.perAccount - 1; i += 1) expect((await attempt("nope-nope-nope")).ok).toBe(false);
    expect((await attempt("window-password-123")).ok).toBe(true);
    for (let i = 0; i < signInLimits.perAccount; i += 1) await attempt("nope-nope-nope");
    expect(await attempt("window-password-123")).toEqual({ ok: false, reason: "RATE_LIMITED" });
    clock += signInLimits.windowMs + 1;
    expect((await attempt("window-password-123")).ok).toBe(true);
  });

  it("refuse an address that fails across many accounts", async () => {
    const store = createMemoryRateLimitStore();
    for (let i = 0; i < signInLimits.perAddress; i += 1) {
      await signInWithPassword(services.deps.db, store, { email: `nobody-${i}@limits.test`, password: "guess-guess-guess", address: "192.0.2.9" });
    }
    await createTestAccount(services.deps.db, { role: "member", email: "spray@limits.test", password: "spray-password-123" });
    expect(await signInWithPassword(services.deps.db, store, { email: "spray@limits.test", password: "spray-password-123", address: "192.0.2.9" })).toEqual({ ok: false, reason: "RATE_LIMITED" });
    expect((await signInWithPassword(services.deps.db, store, { email: "spray@limits.test", password: "spray-password-123", address: "192.0.2.10" })).ok).toBe(true);
  });
});
