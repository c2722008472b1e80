import path from "node:path";
import type { FileStorage } from "./file-storage";
import { localStorage } from "./local-storage";
import { s3Storage, type S3Settings } from "./s3-storage";

export { storageKeyFor, type FileStorage } from "./file-storage";

/** S3 when an endpoint and bucket are configured, else a folder in the data folder. */
export function createStorage(options: { dataDir: string; s3?: S3Settings | null }): FileStorage {
  return options.s3 ? s3Storage(options.s3) : localStorage(path.resolve(options.dataDir, "files"));
}
