import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileTypeFromFile } from "file-type";
import type { AttachmentType } from "@/shared/attachment-vocabulary";
import { AppError } from "@/server/errors";
import { classifyFile } from "./rules/sniff";

export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
  type: AttachmentType;
  /** Removes the temporary file; safe to call twice. */
  discard(): Promise<void>;
}

export const tooLarge = (maxBytes: number) =>
  new AppError("ATTACHMENT_TOO_LARGE", `Files can be at most ${Math.floor(maxBytes / (1024 * 1024))} MB`);

/**
 * Streams an upload to a temporary file, counting and hashing as it goes and stopping at `maxBytes`
 * (the HTTP gate bounds the declared length; this bounds what actually arrives), then decides its type
 * from the bytes. Anything refused is deleted before the error is thrown.
 */
export async function receiveFile(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<ReceivedFile> {
  const file = path.join(tmpdir(), `xietong-upload-${randomBytes(12).toString("hex")}`);
  const discard = () => rm(file, { force: true });
  const hash = createHash("sha256");
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    const source = body ? Readable.fromWeb(body as import("node:stream/web").ReadableStream) : Readable.from([]);
    await pipeline(source, counter, createWriteStream(file, { mode: 0o600 }));
    if (size === 0) throw new AppError("ATTACHMENT_EMPTY", "The file is empty");
    const type = await sniffFile(file, size);
    if (!type)
      throw new AppError(
        "ATTACHMENT_TYPE_REFUSED",
        "Only PDF, Word, Excel, PowerPoint, PNG, JPEG, GIF, WebP and CSV files can be attached",
      );
    return { path: file, size, sha256: hash.digest("hex"), type, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

const sample = 64 * 1024;

/** The file's type from its content: file-type for binary formats, then the allow-list's own rules. */
export async function sniffFile(file: string, size: number): Promise<AttachmentType | null> {
  const detected = await fileTypeFromFile(file);
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(Math.min(sample, size));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(sample, size));
    await handle.read(tail, 0, tail.length, Math.max(0, size - sample));
    return classifyFile({ detected: detected?.ext, head, tail });
  } finally {
    await handle.close();
  }
}
