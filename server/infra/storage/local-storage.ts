import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, rename, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertStorageKey, type FileStorage } from "./file-storage";

/** Files under `<data folder>/files`, beside the embedded database, so one folder holds everything. */
export function localStorage(root: string): FileStorage {
  const where = (key: string) => {
    assertStorageKey(key);
    return path.join(root, ...key.split("/"));
  };
  // Written to a temporary name first and renamed, so a reader never sees half a file.
  const place = async (key: string, fill: (temp: string) => Promise<void>) => {
    const target = where(key);
    if (await exists(target)) return;
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${Date.now()}.part`;
    await fill(temp);
    await rename(temp, target);
  };
  return {
    kind: "local",
    put: (key, sourcePath) => place(key, (temp) => copyFile(sourcePath, temp)),
    write: (key, chunks) => place(key, (temp) => pipeline(Readable.from(chunks), createWriteStream(temp))),
    async read(key) {
      const target = where(key);
      if (!(await exists(target))) return null;
      return Readable.toWeb(createReadStream(target)) as ReadableStream<Uint8Array>;
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
