import path from "node:path";
import { Readable } from "node:stream";
import type { BackupFiles } from "@/db/backup";
import type { Env } from "../env";
import type { FileStorage } from "./file-storage";
import { localStorage } from "./local-storage";
import { s3Storage } from "./s3-storage";

export { storageKeyFor, type FileStorage } from "./file-storage";

/** S3 when an endpoint and a bucket are configured, else the `files` folder in the data folder. */
export function createStorage(
  env: Pick<
    Env,
    "XIETONG_DATA_DIR" | "S3_ENDPOINT" | "S3_BUCKET" | "S3_REGION" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY"
  >,
): FileStorage {
  if (env.S3_ENDPOINT && env.S3_BUCKET)
    return s3Storage({
      endpoint: env.S3_ENDPOINT,
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    });
  return localStorage(path.resolve(env.XIETONG_DATA_DIR, "files"));
}

/** The file store as backup and restore use it (db/backup.ts knows no storage of ours). */
export function backupFilesOf(storage: FileStorage): BackupFiles {
  return {
    async read(key) {
      const stream = await storage.read(key);
      return stream
        ? (Readable.fromWeb(stream as import("node:stream/web").ReadableStream) as AsyncIterable<Uint8Array>)
        : null;
    },
    write: (key, chunks) => storage.write(key, chunks),
  };
}
