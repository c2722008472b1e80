import { afterEach, describe, expect, it, vi } from "vitest";
import { createMetrics } from "@/server/infra/observability/metrics";
import { setRuntime, type Runtime } from "@/server/runtime";
import { GET } from "./route";

// The route reads only the metrics of the runtime createApp would have built.
setRuntime({ metrics: createMetrics(() => ({ total: 1, idle: 1, waiting: 0 })) } as Partial<Runtime> as Runtime);

const scrape = (headers: Record<string, string>) => GET(new Request("http://xietong.test/api/metrics", { headers }));
const token = "a-metrics-token-of-some-length";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("/api/metrics", () => {
  it("without METRICS_TOKEN serves this machine only", async () => {
    vi.stubEnv("METRICS_TOKEN", "");
    expect((await scrape({ "x-xietong-client-ip": "203.0.113.9" })).status).toBe(403);
    expect((await scrape({})).status).toBe(403);
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const response = await scrape({ "x-xietong-client-ip": address });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("xietong_db_pool");
    }
  });

  it("with METRICS_TOKEN needs the bearer token, from anywhere, loopback included", async () => {
    vi.stubEnv("METRICS_TOKEN", token);
    const missing = await scrape({ "x-xietong-client-ip": "127.0.0.1" });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect((await scrape({ authorization: `Bearer ${token}x`, "x-xietong-client-ip": "127.0.0.1" })).status).toBe(401);
    expect((await scrape({ authorization: token, "x-xietong-client-ip": "203.0.113.9" })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${token}`, "x-xietong-client-ip": "203.0.113.9" })).status).toBe(200);
  });
});
