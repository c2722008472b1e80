import type { AttachmentType } from "@/shared/attachment-vocabulary";

/**
 * What a file is, from its bytes only. `detected` is file-type's verdict on the whole file (it reads
 * PDFs, images and the zip-based office formats' inner parts); the legacy office formats are OLE
 * compound files that it names `cfb` without saying which, so their stream names decide; CSV is
 * text with no magic number, so it is recognised as clean UTF-8 with separators on its first line.
 * Anything else is refused, whatever its name says.
 */
export interface SniffSample {
  /** file-type's extension for the file, or undefined when it knows no binary type. */
  detected: string | undefined;
  /** The first bytes of the file (64 KiB is plenty). */
  head: Uint8Array;
  /** The last bytes of the file, where an OLE file often keeps its directory. */
  tail: Uint8Array;
}

const binary: Readonly<Record<string, AttachmentType>> = {
  pdf: "pdf",
  png: "png",
  jpg: "jpeg",
  gif: "gif",
  webp: "webp",
  docx: "docx",
  xlsx: "xlsx",
  pptx: "pptx",
};

export function classifyFile(sample: SniffSample): AttachmentType | null {
  if (sample.detected !== undefined) {
    if (sample.detected === "cfb") return legacyOffice(sample);
    return binary[sample.detected] ?? null;
  }
  return looksLikeCsv(sample.head) ? "csv" : null;
}

/** A stream name as an OLE directory stores it: UTF-16LE. */
const utf16 = (name: string) => Uint8Array.from([...name].flatMap((c) => [c.charCodeAt(0), 0]));

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const oleStreams: [string, AttachmentType][] = [
  ["WordDocument", "doc"],
  ["Workbook", "xls"],
  ["Book", "xls"],
  ["PowerPoint Document", "ppt"],
];

function legacyOffice(sample: SniffSample): AttachmentType | null {
  for (const [stream, type] of oleStreams) {
    const name = utf16(stream);
    if (contains(sample.head, name) || contains(sample.tail, name)) return type;
  }
  return null;
}

/**
 * Text a spreadsheet would open: valid UTF-8 (a sample cut inside a character is trimmed to its last
 * line), no NUL or other control bytes but tab and line ends, and a separator on the first line.
 */
export function looksLikeCsv(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let bytes = head;
  const lastBreak = head.lastIndexOf(0x0a);
  if (lastBreak > 0 && lastBreak < head.length - 1) bytes = head.subarray(0, lastBreak + 1);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return false;
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return /[,;\t]/.test(firstLine);
}
