import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { AwsClient } from "aws4fetch";
import { assertStorageKey, type FileStorage } from "./file-storage";

export interface S3Settings {
  /** e.g. https://s3.cn-north-1.amazonaws.com.cn or a MinIO / OSS / COS endpoint. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Any S3-compatible store, addressed path-style (`<endpoint>/<bucket>/<key>`), which every
 * compatible server accepts. Requests are signed with SigV4 by aws4fetch (a few kB, no dependencies)
 * rather than the whole AWS SDK, as three calls are all that is needed.
 */
export function s3Storage(settings: S3Settings, fetcher: typeof fetch = fetch): FileStorage {
  const client = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    region: settings.region,
    service: "s3",
  });
  const base = settings.endpoint.replace(/\/+$/, "");
  const url = (key: string) => {
    assertStorageKey(key);
    return `${base}/${encodeURIComponent(settings.bucket)}/${key}`;
  };
  const send = async (request: Request) => fetcher(await client.sign(request));
  const upload = async (key: string, body: Uint8Array, sha256: string) => {
    const response = await send(
      new Request(url(key), {
        method: "PUT",
        body: body as Uint8Array<ArrayBuffer>,
        headers: { "x-amz-content-sha256": sha256, "content-type": "application/octet-stream" },
      }),
    );
    if (!response.ok) throw new Error(`S3 PUT ${key} answered ${response.status}`);
  };
  return {
    kind: "s3",
    async put(key, sourcePath, sha256) {
      // Files are capped at tens of MB, so reading one whole keeps the signed request simple.
      await upload(key, await readFile(sourcePath), sha256);
    },
    async write(key, chunks) {
      const parts: Uint8Array[] = [];
      for await (const chunk of chunks) parts.push(chunk);
      const body = Buffer.concat(parts);
      await upload(key, body, createHash("sha256").update(body).digest("hex"));
    },
    async read(key) {
      const response = await send(new Request(url(key), { method: "GET" }));
      if (response.status === 404) return null;
      if (!response.ok || !response.body) throw new Error(`S3 GET ${key} answered ${response.status}`);
      return response.body;
    },
  };
}
