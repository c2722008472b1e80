import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { acceptsGzip } from "./cacheable-request";
import { compressParts, gzipWith, joinWith, type GzipParts } from "./gzip-parts";

/**
 * Pages as a signed-out visitor sees them, kept while the database has not changed. A render costs
 * 15–20 ms of server CPU on Node 20 (bench/README.md); a kept page is sent again with a fresh script
 * nonce for a CRC and a copy.
 *
 * Whether the database changed is its snapshot (`pg_current_snapshot()`), read once per request: it
 * moves whenever any transaction that wrote anything commits or aborts, in this process, another one,
 * a job or SQL typed by hand. A page is kept with the snapshot read before its render began, so anything
 * committed during the render also makes it stale. The TTL bounds what depends on the time alone
 * (a meeting "under way", "3 minutes ago").
 */
export interface SignedOutPageCacheOptions {
  /** Text that changes whenever anything is committed to the database. */
  writeMark: () => Promise<string>;
  ttlMs?: number;
  /** Plain and compressed bytes kept in all; the least recently sent page goes first. */
  maxBytes?: number;
  now?: () => number;
  /** Told of each request it answers: from a kept page, by a render it kept, or by one it could not keep. */
  count?: (result: PageCacheResult) => void;
}

export type PageCacheResult = "hit" | "miss" | "uncacheable";

export interface SignedOutPageCache {
  /**
   * Answers the request: from a kept page when the database has not changed since it was rendered, else
   * by `render` (which must answer `res`), keeping its answer when it is a whole 200 page that sets no
   * cookie. `nonce` is the script nonce already in the response's CSP header; `key` comes from
   * cacheablePageKey.
   */
  serve(req: IncomingMessage, res: ServerResponse, key: string, nonce: string, render: () => void): Promise<void>;
  /** Pages kept now (for tests and the metrics). */
  size(): number;
}

interface KeptPage {
  mark: string;
  storedAt: number;
  nonce: string;
  headers: [string, string | string[]][];
  body: GzipParts;
  bytes: number;
}

interface RenderedAnswer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

// Set per connection or per answer by Node or by us, never replayed from a kept page.
const notReplayed = new Set([
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "date",
  "connection",
  "keep-alive",
]);

export function createSignedOutPageCache(options: SignedOutPageCacheOptions): SignedOutPageCache {
  const ttlMs = options.ttlMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const pages = new Map<string, KeptPage>();
  // Renders under way, by key: a request for the same page at the same snapshot waits for it.
  const rendering = new Map<string, { mark: string; kept: Promise<KeptPage | null> }>();
  let keptBytes = 0;

  const forget = (key: string) => {
    const page = pages.get(key);
    if (!page) return;
    keptBytes -= page.bytes;
    pages.delete(key);
  };

  const keep = (key: string, page: KeptPage) => {
    forget(key);
    if (page.bytes > maxBytes / 8) return;
    while (keptBytes + page.bytes > maxBytes && pages.size > 0) forget(pages.keys().next().value!);
    pages.set(key, page);
    keptBytes += page.bytes;
  };

  const sendKept = (req: IncomingMessage, res: ServerResponse, page: KeptPage, nonce: string) => {
    res.statusCode = 200;
    for (const [name, value] of page.headers)
      res.setHeader(
        name,
        Array.isArray(value) ? value.map((v) => v.replaceAll(page.nonce, nonce)) : value.replaceAll(page.nonce, nonce),
      );
    const gzip = acceptsGzip(req.headers["accept-encoding"]);
    const body = gzip ? gzipWith(page.body, nonce) : joinWith(page.body, nonce);
    if (gzip) res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Content-Length", body.length);
    res.setHeader("X-Page-Cache", "hit");
    res.end(body);
  };

  return {
    async serve(req, res, key, nonce, render) {
      let mark: string;
      try {
        mark = await options.writeMark();
      } catch {
        // The database cannot say whether it changed: render, as without the cache (the page will say what failed).
        render();
        return;
      }
      const page = pages.get(key);
      if (page && page.mark === mark && now() - page.storedAt < ttlMs && page.nonce.length === nonce.length) {
        // Most recently sent last: the first in the map is the one to drop.
        pages.delete(key);
        pages.set(key, page);
        sendKept(req, res, page, nonce);
        options.count?.("hit");
        return;
      }
      const underWay = rendering.get(key);
      if (underWay?.mark === mark) {
        const kept = await underWay.kept;
        if (kept && !res.destroyed) {
          sendKept(req, res, kept, nonce);
          options.count?.("hit");
          return;
        }
      }
      const storedAt = now();
      const kept = renderBuffered(req, res, render).then((answer) => {
        const page = answer ? keepable(answer, nonce, mark, storedAt) : null;
        if (page) keep(key, page);
        options.count?.(page ? "miss" : "uncacheable");
        return page;
      });
      rendering.set(key, { mark, kept });
      try {
        await kept;
      } finally {
        if (rendering.get(key)?.kept === kept) rendering.delete(key);
      }
    },
    size: () => pages.size,
  };
}

// React's flight row for an error, as it appears inside the page's inline payload scripts (escaped) or raw.
const renderedErrorRow = /:E\{\\?"digest\\?"/;

/** A rendered answer as a page to keep, or null when it is not a whole page that is the same for everyone. */
function keepable(answer: RenderedAnswer, nonce: string, mark: string, storedAt: number): KeptPage | null {
  if (answer.status !== 200 || answer.headers["set-cookie"] !== undefined) return null;
  const contentType = answer.headers["content-type"];
  if (typeof contentType !== "string" || !contentType.startsWith("text/html")) return null;
  const headers: [string, string | string[]][] = [];
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined || notReplayed.has(name)) continue;
    headers.push([name, Array.isArray(value) ? value : String(value)]);
  }
  const text = answer.body.toString("utf8");
  // A server component that failed inside a Suspense boundary leaves the status at 200 and an error row
  // (`E{"digest":…}`) in the page's payload: that page is a passing failure, not what everyone should see.
  if (renderedErrorRow.test(text)) return null;
  const parts = text.split(nonce);
  const body = compressParts(parts, Buffer.byteLength(nonce));
  const bytes =
    body.plain.reduce((sum, part) => sum + part.length, 0) +
    body.compressed.reduce((sum, part) => sum + part.length, 0);
  return { mark, storedAt, nonce, headers, body, bytes };
}

/**
 * Lets `render` answer `res` while holding what it writes, then sends it: the same status, headers and
 * body, gzipped when the client takes it (Next is asked for a plain body, to keep). Resolves with the
 * answer once sent (its headers being the ones render set, not those set before), or null when the
 * client went away first.
 */
function renderBuffered(req: IncomingMessage, res: ServerResponse, render: () => void): Promise<RenderedAnswer | null> {
  const acceptEncoding = req.headers["accept-encoding"];
  delete req.headers["accept-encoding"];
  const setBefore = new Set(res.getHeaderNames());
  const chunks: Buffer[] = [];
  const hold = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array),
    );
  };
  // Held by own properties over the prototype's methods; deleting them hands the response back.
  const release = () => {
    const own = res as unknown as Record<string, unknown>;
    for (const method of ["write", "end", "writeHead", "flushHeaders"]) delete own[method];
  };
  return new Promise((resolve) => {
    res.once("close", () => resolve(null));
    res.write = function write(chunk: unknown, encoding?: unknown, callback?: unknown) {
      hold(chunk, encoding);
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") queueMicrotask(() => (done as () => void)());
      return true;
    } as ServerResponse["write"];
    res.writeHead = function writeHead(status: number, ...rest: unknown[]) {
      res.statusCode = status;
      const headers = rest.find((arg) => typeof arg === "object" && arg !== null);
      if (headers)
        for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders))
          if (value !== undefined) res.setHeader(name, value);
      return res;
    };
    res.flushHeaders = () => undefined;
    res.end = function end(chunk?: unknown, encoding?: unknown, callback?: unknown) {
      hold(chunk, encoding);
      release();
      req.headers["accept-encoding"] = acceptEncoding;
      const headers = res.getHeaders();
      const rendered: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(headers)) if (!setBefore.has(name)) rendered[name] = value;
      const plain = Buffer.concat(chunks);
      const gzip = plain.length > 0 && acceptsGzip(acceptEncoding) && res.getHeader("content-encoding") === undefined;
      const body = gzip ? gzipSync(plain) : plain;
      if (gzip) res.setHeader("Content-Encoding", "gzip");
      const vary = res.getHeader("vary");
      if (typeof vary === "string" && !/accept-encoding/i.test(vary)) res.setHeader("Vary", `${vary}, Accept-Encoding`);
      else if (vary === undefined) res.setHeader("Vary", "Accept-Encoding");
      res.removeHeader("transfer-encoding");
      res.setHeader("X-Page-Cache", "miss");
      res.setHeader("Content-Length", body.length);
      const done = typeof chunk === "function" ? chunk : typeof encoding === "function" ? encoding : callback;
      res.end(body, typeof done === "function" ? (done as () => void) : undefined);
      rendered.vary = String(res.getHeader("vary"));
      resolve({ status: res.statusCode, headers: rendered, body: plain });
      return res;
    } as ServerResponse["end"];
    render();
  });
}
