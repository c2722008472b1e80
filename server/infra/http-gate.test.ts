import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxRequestBodyBytes, normalisedPath } from "@/server/domain/http-security";
import { refuseRequest } from "./http-gate";

let server: Server;
let port: number;

beforeAll(async () => {
  // The gate in front of a handler that reads the whole body, as Next would.
  server = createServer((req, res) => {
    if (refuseRequest(req, res)) return;
    let bytes = 0;
    req.on("data", (chunk: Buffer) => (bytes += chunk.length));
    req.on("end", () => {
      const text = `passed ${bytes}`;
      res.writeHead(200, { "content-type": "text/plain", "content-length": text.length }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A request written byte for byte: fetch and http.request would tidy the target before sending it. */
function raw(
  method: string,
  target: string,
  headers: Record<string, string>,
  body = "",
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const head = [
      `${method} ${target} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      "Connection: close",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${head.join("\r\n")}\r\n\r\n${body}`);
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]);
      resolve({ status, text: received.slice(received.indexOf("\r\n\r\n") + 4) });
    });
  });
}

const crossSite = { Origin: "https://evil.example", "Content-Type": "application/json", "Content-Length": "2" };

describe("cross-site check on every spelling of /api/trpc", () => {
  it.each([
    "/api/trpc/comments.create",
    "/api/./trpc/comments.create",
    "//api/trpc/comments.create",
    "/api//trpc/comments.create",
    "/api/%74rpc/comments.create",
    "/api%2Ftrpc/comments.create",
    "/api/%252e/trpc/x",
    "/x/../api/trpc/x",
    "/API/TRPC/x",
    "/api\\trpc/x",
    "http://127.0.0.1/api/trpc/x",
  ])("a cross-site write to %j is refused", async (target) => {
    expect(normalisedPath(target).startsWith("/api/trpc")).toBe(true);
    const response = await raw("POST", target, crossSite, "{}");
    expect(response.status).toBe(403);
  });

  it("a same-site JSON write and a cross-site write elsewhere pass", async () => {
    expect(
      await raw(
        "POST",
        "/api/./trpc/x",
        { Origin: `http://127.0.0.1:${port}`, "Content-Type": "application/json", "Content-Length": "2" },
        "{}",
      ),
    ).toMatchObject({ status: 200, text: "passed 2" });
    expect(
      await raw(
        "POST",
        "/api/unsubscribe?token=t",
        { Origin: "null", "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "26" },
        "List-Unsubscribe=One-Click",
      ),
    ).toMatchObject({ status: 200 });
  });
});

describe("request body size", () => {
  it("refuses a body declared larger than the limit with 413 before reading it", async () => {
    const response = await raw(
      "POST",
      "/api/trpc/x",
      { "Content-Type": "application/json", "Content-Length": String(maxRequestBodyBytes + 1) },
      "{",
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toEqual({ error: { message: "Request body too large: the limit is 1024 KB" } });
  });

  it("refuses a chunked body, whose size nothing bounds, with 411", async () => {
    const response = await raw(
      "POST",
      "/api/trpc/x",
      { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      "2\r\n{}\r\n0\r\n\r\n",
    );
    expect(response.status).toBe(411);
  });

  it("lets a body of exactly the limit through, whole", async () => {
    const body = `"${"a".repeat(maxRequestBodyBytes - 2)}"`;
    expect(
      await raw(
        "POST",
        "/api/trpc/x",
        { "Content-Type": "application/json", "Content-Length": String(body.length) },
        body,
      ),
    ).toEqual({ status: 200, text: `passed ${maxRequestBodyBytes}` });
  });
});
