import { randomBytes } from "node:crypto";
import { createServer, request, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  createSignedOutPageCache,
  type PageCacheResult,
  type SignedOutPageCacheOptions,
} from "./signed-out-page-cache";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A server answering every request through the cache, as server/app.ts does: a fresh nonce in the CSP
 * header first, then the cache, whose render writes a page (in pieces, as Next streams) that carries the
 * nonce in its scripts and a Link header, and what `state` says.
 */
function startServer(options: Partial<SignedOutPageCacheOptions> & { mark: () => string }) {
  const state = { renders: 0, text: "first", status: 200, setCookie: false, delayMs: 0, failedPart: false };
  const results: PageCacheResult[] = [];
  const cache = createSignedOutPageCache({
    writeMark: () => Promise.resolve(options.mark()),
    count: (result) => results.push(result),
    ...options,
  });
  const render = (res: ServerResponse, nonce: string) => {
    state.renders += 1;
    const text = state.text;
    setTimeout(() => {
      res.statusCode = state.status;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Vary", "rsc");
      res.setHeader("Link", `</a.css>; rel=preload; as="style"; nonce="${nonce}"`);
      if (state.setCookie) res.setHeader("Set-Cookie", "a=b");
      res.write(`<html><head><script nonce="${nonce}">self.a=1</script></head>`);
      res.write(Buffer.from(`<body><h1>${text}</h1><p>协同 ${"x".repeat(2000)}</p>`));
      // A server component that failed inside a Suspense boundary: React's error row in the payload.
      const payload = state.failedPart ? String.raw`self.__next_f.push([1,"7:E{\"digest\":\"1234\"}\n"])` : "self.b=2";
      res.end(`<script nonce="${nonce}">${payload}</script></body></html>`);
    }, state.delayMs);
  };
  const server: Server = createServer((req, res) => {
    const nonce = randomBytes(16).toString("base64");
    res.setHeader("Content-Security-Policy", `script-src 'nonce-${nonce}'`);
    res.setHeader("x-request-id", randomBytes(4).toString("hex"));
    void cache.serve(req, res, `zh-CN ${req.url}`, nonce, () => render(res, nonce));
  });
  const listening = new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
  return { state, results, cache, server, listening };
}

function fetchPage(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const raw = Buffer.concat(chunks);
        const body = response.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: body.toString("utf8") });
      });
    })
      .on("error", reject)
      .end();
  });
}

const cspNonce = (answer: Answer) => /'nonce-([^']+)'/.exec(String(answer.headers["content-security-policy"]))![1]!;

describe("the signed-out page cache", () => {
  let running: ReturnType<typeof startServer> | null = null;
  afterEach(async () => {
    await new Promise((resolve) => running?.server.close(resolve));
    running = null;
  });

  it("sends a kept page again while the mark holds, with this response's own nonce everywhere", async () => {
    running = startServer({ mark: () => "m1" });
    const base = await running.listening;
    const first = await fetchPage(base, "/topics/1");
    const second = await fetchPage(base, "/topics/1");
    expect(running.state.renders).toBe(1);
    expect(running.results).toEqual(["miss", "hit"]);
    expect([first.headers["x-page-cache"], second.headers["x-page-cache"]]).toEqual(["miss", "hit"]);
    const [n1, n2] = [cspNonce(first), cspNonce(second)];
    expect(n1).not.toBe(n2);
    expect(second.body).toBe(first.body.replaceAll(n1, n2));
    expect(second.body).not.toContain(n1);
    expect(second.body.match(new RegExp(`nonce="${n2.replace(/[+/=]/g, "\\$&")}"`, "g"))).toHaveLength(2);
    expect(second.headers.link).toContain(`nonce="${n2}"`);
    // Headers set before the render (the CSP, the request id) are this response's, not the kept page's.
    expect(second.headers["x-request-id"]).not.toBe(first.headers["x-request-id"]);
    expect(second.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(second.headers.vary).toBe("rsc, Accept-Encoding");
  });

  it("gzips for a client that takes gzip, a render and a kept page alike, and sends plain text to one that does not", async () => {
    running = startServer({ mark: () => "m1" });
    const base = await running.listening;
    const rendered = await fetchPage(base, "/p", { "accept-encoding": "gzip, br" });
    const kept = await fetchPage(base, "/p", { "accept-encoding": "gzip" });
    const plain = await fetchPage(base, "/p");
    expect(running.state.renders).toBe(1);
    expect([rendered.headers["content-encoding"], kept.headers["content-encoding"]]).toEqual(["gzip", "gzip"]);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(kept.body).toBe(rendered.body.replaceAll(cspNonce(rendered), cspNonce(kept)));
    expect(plain.body).toBe(rendered.body.replaceAll(cspNonce(rendered), cspNonce(plain)));
    expect(Number(plain.headers["content-length"])).toBe(Buffer.byteLength(plain.body));
  });

  it("renders again once the mark moves, and keeps what the new render shows", async () => {
    let mark = "m1";
    running = startServer({ mark: () => mark });
    const base = await running.listening;
    expect((await fetchPage(base, "/t")).body).toContain("<h1>first</h1>");
    running.state.text = "hidden by a moderator";
    expect((await fetchPage(base, "/t")).body).toContain("<h1>first</h1>");
    mark = "m2";
    expect((await fetchPage(base, "/t")).body).toContain("<h1>hidden by a moderator</h1>");
    expect((await fetchPage(base, "/t")).body).toContain("<h1>hidden by a moderator</h1>");
    expect(running.state.renders).toBe(2);
  });

  it("renders again after the TTL, even with the same mark", async () => {
    let clock = 1_000;
    running = startServer({ mark: () => "m1", ttlMs: 10_000, now: () => clock });
    const base = await running.listening;
    await fetchPage(base, "/t");
    clock += 9_999;
    await fetchPage(base, "/t");
    clock += 2;
    await fetchPage(base, "/t");
    expect(running.state.renders).toBe(2);
  });

  it("keeps pages per key", async () => {
    running = startServer({ mark: () => "m1" });
    const base = await running.listening;
    await fetchPage(base, "/a");
    await fetchPage(base, "/b");
    await fetchPage(base, "/a");
    expect(running.state.renders).toBe(2);
    expect(running.cache.size()).toBe(2);
  });

  it("does not keep an error, a page that sets a cookie, or anything when the mark cannot be read", async () => {
    let failing = false;
    running = startServer({
      mark: () =>
        failing
          ? (() => {
              throw new Error("database away");
            })()
          : "m1",
    });
    const base = await running.listening;
    running.state.status = 404;
    const missing = await fetchPage(base, "/gone");
    await fetchPage(base, "/gone");
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("<h1>first</h1>");
    running.state.status = 200;
    running.state.setCookie = true;
    await fetchPage(base, "/cookie");
    await fetchPage(base, "/cookie");
    running.state.setCookie = false;
    failing = true;
    const unmarked = await fetchPage(base, "/fine");
    await fetchPage(base, "/fine");
    expect(unmarked.status).toBe(200);
    expect(unmarked.headers["x-page-cache"]).toBeUndefined();
    expect(running.state.renders).toBe(6);
    expect(running.cache.size()).toBe(0);
    expect(running.results).toEqual(["uncacheable", "uncacheable", "uncacheable", "uncacheable"]);
  });

  it("does not keep a page in which a part failed to render", async () => {
    running = startServer({ mark: () => "m1" });
    const base = await running.listening;
    running.state.failedPart = true;
    const failed = await fetchPage(base, "/t");
    expect(failed.status).toBe(200);
    expect(failed.body).toContain(String.raw`7:E{\"digest\"`);
    running.state.failedPart = false;
    await fetchPage(base, "/t");
    await fetchPage(base, "/t");
    expect(running.state.renders).toBe(2);
    expect(running.results).toEqual(["uncacheable", "miss", "hit"]);
  });

  it("renders once for requests that arrive while the same page is being rendered", async () => {
    running = startServer({ mark: () => "m1" });
    const base = await running.listening;
    running.state.delayMs = 50;
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetchPage(base, "/busy")));
    expect(running.state.renders).toBe(1);
    for (const answer of answers) {
      expect(answer.body).toContain("<h1>first</h1>");
      expect(answer.body).toContain(`nonce="${cspNonce(answer)}"`);
    }
    expect(running.results.sort()).toEqual(["hit", "hit", "hit", "hit", "miss"]);
  });

  it("drops the least recently sent pages past its size", async () => {
    running = startServer({ mark: () => "m1", maxBytes: 24 * 1024 });
    const base = await running.listening;
    for (const path of ["/1", "/2", "/3", "/4", "/5", "/6", "/7", "/8", "/9", "/10", "/11", "/12", "/13", "/14", "/15"])
      await fetchPage(base, path);
    expect(running.cache.size()).toBeLessThan(15);
    expect(running.cache.size()).toBeGreaterThan(0);
    const renders = running.state.renders;
    await fetchPage(base, "/15");
    expect(running.state.renders).toBe(renders);
    await fetchPage(base, "/1");
    expect(running.state.renders).toBe(renders + 1);
  });
});
