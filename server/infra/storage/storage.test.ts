import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storageKeyFor } from "./file-storage";
import { localStorage } from "./local-storage";
import { s3Storage } from "./s3-storage";

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const text = async (stream: ReadableStream<Uint8Array> | null) =>
  stream === null ? null : Buffer.from(await new Response(stream).arrayBuffer()).toString();

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "xietong-storage-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("storage keys", () => {
  it("spread content addresses over two folder levels and refuse anything else", () => {
    const hash = sha(Buffer.from("x"));
    expect(storageKeyFor(hash)).toBe(`${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`);
    expect(() => storageKeyFor("../../etc/passwd")).toThrow();
  });
});

describe("local storage", () => {
  it("stores a file under its key, reads it back, and leaves no partial files", async () => {
    const store = localStorage(path.join(folder, "files"));
    const bytes = Buffer.from("hello, 协同");
    const source = path.join(folder, "upload.tmp");
    await writeFile(source, bytes);
    const key = storageKeyFor(sha(bytes));
    await store.put(key, source, sha(bytes));
    await store.put(key, source, sha(bytes));
    expect(await text(await store.read(key))).toBe("hello, 协同");
    const leaf = await readdir(path.join(folder, "files", key.slice(0, 2), key.slice(3, 5)));
    expect(leaf).toEqual([key.slice(6)]);
    expect(await store.read(storageKeyFor(sha(Buffer.from("absent"))))).toBeNull();
    await expect(store.read("../outside")).rejects.toThrow(/storage key/);
  });
});

describe("S3-compatible storage", () => {
  const objects = new Map<string, Buffer>();
  const seen: { method: string; url: string; authorization: string; contentSha: string | undefined }[] = [];
  const server = createServer((req, res) => {
    void body(req).then((bytes) => {
      const authorization = req.headers.authorization ?? "";
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        authorization,
        contentSha: req.headers["x-amz-content-sha256"] as string | undefined,
      });
      if (!authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")) return res.writeHead(403).end();
      if (req.method === "PUT") {
        if (req.headers["x-amz-content-sha256"] !== sha(bytes))
          return res.writeHead(400).end("XAmzContentSHA256Mismatch");
        objects.set(req.url ?? "", bytes);
        return res.writeHead(200).end();
      }
      const stored = objects.get(req.url ?? "");
      if (!stored) return res.writeHead(404).end();
      res.writeHead(200, { "content-length": stored.length }).end(stored);
    });
  });
  let endpoint = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("signs path-style requests with SigV4 for the region, sends the body's hash, and reads back", async () => {
    const store = s3Storage({
      endpoint,
      bucket: "xietong-files",
      region: "cn-north-1",
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    });
    const bytes = Buffer.from("%PDF-1.4 tiny");
    const source = path.join(folder, "s3.tmp");
    await writeFile(source, bytes);
    const key = storageKeyFor(sha(bytes));
    await store.put(key, source, sha(bytes));
    expect(seen[0]).toMatchObject({ method: "PUT", url: `/xietong-files/${key}`, contentSha: sha(bytes) });
    expect(seen[0]!.authorization).toMatch(
      /\/cn-north-1\/s3\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(await text(await store.read(key))).toBe("%PDF-1.4 tiny");
    expect(await store.read(storageKeyFor(sha(Buffer.from("none"))))).toBeNull();

    async function* chunks() {
      yield Buffer.from("a,b\n");
      yield Buffer.from("1,2\n");
    }
    const csvKey = storageKeyFor(sha(Buffer.from("a,b\n1,2\n")));
    await store.write(csvKey, chunks());
    expect(await text(await store.read(csvKey))).toBe("a,b\n1,2\n");
  });

  it("reports a refused write instead of pretending it stored the file", async () => {
    const store = s3Storage({ endpoint, bucket: "b", region: "r", accessKeyId: "WRONG", secretAccessKey: "x" });
    const source = path.join(folder, "s3b.tmp");
    await writeFile(source, "z");
    await expect(store.put(storageKeyFor(sha(Buffer.from("z"))), source, sha(Buffer.from("z")))).rejects.toThrow(/403/);
  });
});
