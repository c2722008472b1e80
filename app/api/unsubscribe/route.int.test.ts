import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { notificationPreferences } from "@/db/schema";
import { unsubscribeToken } from "@/server/domain/notification-delivery";
import { setRuntime, type Runtime } from "@/server/runtime";
import { createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { GET, POST } from "./route";

const secret = "unsubscribe-test-secret-of-enough-length";
let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
});
afterEach(() => setRuntime(undefined));
afterAll(async () => {
  await services?.close();
});

async function subscriber() {
  setRuntime({ authSecret: secret, database: { db: services.deps.db } } as unknown as Runtime);
  const { account } = await createTestAccount(services.deps.db, { role: "member" });
  const token = unsubscribeToken(secret, account.id, "reply");
  const emailSetting = async () =>
    (
      await services.deps.db
        .select({ email: notificationPreferences.email })
        .from(notificationPreferences)
        .where(and(eq(notificationPreferences.accountId, account.id), eq(notificationPreferences.kind, "reply")))
    )[0]?.email ?? "default";
  return { token, url: `http://xietong.test/api/unsubscribe?token=${token}`, emailSetting };
}

describe(`/api/unsubscribe (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("GET (and so HEAD, which Next answers with GET) changes nothing and leads to the confirmation page", async () => {
    const { token, url, emailSetting } = await subscriber();
    const response = GET(new Request(url));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(await emailSetting()).toBe("default");
  });

  it("a mail client's RFC 8058 one-click POST turns the kind's email off", async () => {
    const { url, emailSetting } = await subscriber();
    const response = await POST(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
    );
    expect(response.status).toBe(200);
    expect(await emailSetting()).toBe("off");
  });

  it("the confirmation page's button turns it off and comes back to say so", async () => {
    const { url, emailSetting } = await subscriber();
    const response = await POST(
      new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/unsubscribe?done=reply");
    expect(await emailSetting()).toBe("off");
  });

  it("a forged token changes nothing", async () => {
    const { token, emailSetting } = await subscriber();
    const forged = `http://xietong.test/api/unsubscribe?token=${token.slice(0, -2)}xx`;
    expect((await POST(new Request(forged, { method: "POST", body: "List-Unsubscribe=One-Click" }))).status).toBe(400);
    expect((await POST(new Request(forged, { method: "POST", body: "" }))).headers.get("location")).toBe(
      "/unsubscribe?invalid=1",
    );
    expect(await emailSetting()).toBe("default");
  });
});
