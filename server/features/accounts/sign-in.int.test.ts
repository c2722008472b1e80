import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { driveFiftyWrongPasswords, parallelWrongPasswords, recordedPauses } from "@/server/testing/sign-in-limits";
import { createMemoryRateLimitStore } from "@/server/infra/rate-limit";
import { addressDelayMs, signInLimits, signInWithPassword } from "./sign-in";

let services: TestServices;
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("sign-in abuse limits (in memory)", () => {
  it("hold after 50 wrong passwords while another account still signs in", async () => {
    await createTestAccount(services.deps.db, {
      role: "member",
      email: "victim@limits.test",
      password: "the-right-password-1",
    });
    await createTestAccount(services.deps.db, {
      role: "member",
      email: "other@limits.test",
      password: "another-right-password",
    });
    await driveFiftyWrongPasswords(
      services.deps.db,
      createMemoryRateLimitStore(),
      "victim@limits.test",
      { email: "other@limits.test", password: "another-right-password" },
      "the-right-password-1",
    );
  });

  it("[LOCKOUT] check only the limit's worth of 40 wrong passwords sent at once", async () => {
    const { account, password } = await createTestAccount(services.deps.db, {
      role: "member",
      email: "parallel@limits.test",
      password: "parallel-password-123",
    });
    const store = createMemoryRateLimitStore();
    expect(await parallelWrongPasswords(services.deps.db, [store], account.email, 40)).toEqual({
      WRONG_CREDENTIALS: signInLimits.perAccount,
      RATE_LIMITED: 40 - signInLimits.perAccount,
    });
    expect(
      await signInWithPassword(services.deps.db, store, { email: account.email, password, address: null }),
    ).toEqual({ ok: false, reason: "RATE_LIMITED" });
  });

  it("end with the window, and a success clears an account's failures", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = createMemoryRateLimitStore();
    await createTestAccount(services.deps.db, {
      role: "member",
      email: "window@limits.test",
      password: "window-password-123",
    });
    const attempt = (password: string) =>
      signInWithPassword(services.deps.db, store, { email: "window@limits.test", password, address: "198.51.100.1" });
    for (let i = 0; i < signInLimits.perAccount - 1; i += 1) expect((await attempt("nope-nope-nope")).ok).toBe(false);
    expect((await attempt("window-password-123")).ok).toBe(true);
    for (let i = 0; i < signInLimits.perAccount; i += 1)
      expect(await attempt("nope-nope-nope")).toEqual({ ok: false, reason: "WRONG_CREDENTIALS" });
    expect(await attempt("window-password-123")).toEqual({ ok: false, reason: "RATE_LIMITED" });
    vi.setSystemTime(Date.now() + signInLimits.windowMs + 1_000);
    expect((await attempt("window-password-123")).ok).toBe(true);
  });

  it("slow down, never refuse, an address that fails across many accounts", async () => {
    const store = createMemoryRateLimitStore();
    const { pause, delays } = recordedPauses();
    for (let i = 0; i < 100; i += 1) {
      await signInWithPassword(
        services.deps.db,
        store,
        { email: `nobody-${i}@limits.test`, password: "guess-guess-guess", address: "192.0.2.9" },
        new Date(),
        pause,
      );
    }
    expect(delays.length).toBe(100 - signInLimits.perAddressFree);
    expect(delays[0]).toBe(signInLimits.addressDelayMs);
    expect(delays.at(-1)).toBe(signInLimits.addressMaxDelayMs);
    await createTestAccount(services.deps.db, {
      role: "member",
      email: "spray@limits.test",
      password: "spray-password-123",
    });
    // A colleague behind the same proxy signs in, after the address's delay…
    expect(
      (
        await signInWithPassword(
          services.deps.db,
          store,
          { email: "spray@limits.test", password: "spray-password-123", address: "192.0.2.9" },
          new Date(),
          pause,
        )
      ).ok,
    ).toBe(true);
    expect(delays.length).toBe(100 - signInLimits.perAddressFree + 1);
    // …and a right password takes its count back, so it does not add to the delay.
    const before = delays.length;
    await signInWithPassword(
      services.deps.db,
      store,
      { email: "spray@limits.test", password: "spray-password-123", address: "192.0.2.10" },
      new Date(),
      pause,
    );
    expect(delays.length).toBe(before);
  });

  it("double the address delay per failure past the free allowance, up to the cap", () => {
    expect(addressDelayMs(signInLimits.perAddressFree)).toBe(0);
    expect(addressDelayMs(signInLimits.perAddressFree + 1)).toBe(signInLimits.addressDelayMs);
    expect(addressDelayMs(signInLimits.perAddressFree + 2)).toBe(2 * signInLimits.addressDelayMs);
    expect(addressDelayMs(signInLimits.perAddressFree + 1000)).toBe(signInLimits.addressMaxDelayMs);
  });
});
