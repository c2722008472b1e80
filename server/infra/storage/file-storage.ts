/**
 * Where attachment bytes live. Keys are content addresses (the file's SHA-256), so storing the same
 * bytes twice is one object and a stored object never changes; the database rows say which file
 * versions use which key, and backups read them back through `read`.
 */
export interface FileStorage {
  readonly kind: "local" | "s3";
  /** Stores the file at `sourcePath` under `key`; storing a key again is harmless. */
  put(key: string, sourcePath: string, sha256: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  read(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** Stores bytes arriving as a stream (restore); the caller vouches for the key. */
  write(key: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void>;
}

/** `ab/cd/abcd…`: a key as a path, spread over folders so none grows huge. */
export function storageKeyFor(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export function assertStorageKey(key: string): void {
  if (!/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error(`not a storage key: ${key}`);
}
