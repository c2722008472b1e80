import { createHash } from "node:crypto";
import type { SessionUser } from "../../../infra/auth/session";
import type { ServiceDeps } from "../../../infra/deps";
import type { Locale } from "@/shared/vocabulary";
import { meetingPackData, type MeetingPack } from "./pack";
import type { PackKind } from "./pack-rules";
import { renderPackOffThread } from "./pack-render";

/**
 * A meeting pack's PDF (agenda or minutes), generated on demand and cached until its content changes.
 * The key is the meeting, the pack, the language and a fingerprint of everything the PDF shows as this
 * reader sees it (a hash of the pack's data), which is also its ETag: reading that data is a handful of indexed queries, drawing the PDF is the
 * expensive part, so any change (an agenda edit, minutes, a vote, a check-in) misses the cache and
 * nothing stale is ever served. Two readers who see the same thing share one entry. The drawing itself
 * happens on a worker thread (pack-render.ts).
 */

const capacity = 64;
const cache = new Map<string, Buffer>();

/** A least-recently-used map: a hit moves the entry to the end, the oldest one leaves when full. */
function remember(key: string, pdf: Buffer) {
  cache.delete(key);
  cache.set(key, pdf);
  while (cache.size > capacity) cache.delete(cache.keys().next().value!);
}

export function packFingerprint(pack: MeetingPack): string {
  return createHash("sha256").update(JSON.stringify(pack)).digest("base64url").slice(0, 22);
}

/** The PDF's strong validator: one pack, one language, one content (the URL may leave the language to the cookie). */
export const packEtag = (pack: Pick<MeetingPack, "kind">, locale: Locale, fingerprint: string) =>
  `"${pack.kind}-${locale}-${fingerprint}"`;

/** Whether an If-None-Match header names this ETag (a list, or `*`); weak forms compare by their tag. */
function matches(ifNoneMatch: string | null | undefined, etag: string) {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === `W/${etag}`;
  });
}

type Deps = Pick<ServiceDeps, "db" | "now">;

async function readPack(deps: Deps, user: SessionUser | null, meetingId: number, locale: Locale, kind: PackKind) {
  const pack = await meetingPackData(deps.db, user, meetingId, deps.now(), kind);
  // Presence counts who is expected "now" (suspensions end): it is part of the content, so it stays in the key.
  const fingerprint = packFingerprint(pack);
  return {
    pack,
    fingerprint,
    etag: packEtag(pack, locale, fingerprint),
    filename: `meeting-${pack.meeting.id}-${pack.kind}-${locale}.pdf`,
  };
}

async function draw({ pack, fingerprint }: Awaited<ReturnType<typeof readPack>>, locale: Locale) {
  const key = `${pack.meeting.id}:${pack.kind}:${locale}:${fingerprint}`;
  let content = cache.get(key);
  const cached = content !== undefined;
  if (content) remember(key, content);
  else {
    content = await renderPackOffThread(pack, locale);
    remember(key, content);
  }
  return { content, cached };
}

/** A meeting pack's PDF, from the cache when its content has not changed. */
export async function meetingPackPdf(
  deps: Deps,
  user: SessionUser | null,
  meetingId: number,
  locale: Locale,
  kind: PackKind = "agenda",
) {
  const read = await readPack(deps, user, meetingId, locale, kind);
  return { filename: read.filename, etag: read.etag, fingerprint: read.fingerprint, ...(await draw(read, locale)) };
}

/**
 * The same, or `notModified` when the reader already holds this very content (If-None-Match): then
 * nothing is drawn or sent, only the data read that the fingerprint needs.
 */
export async function meetingPackPdfUnlessHeld(
  deps: Deps,
  user: SessionUser | null,
  meetingId: number,
  locale: Locale,
  kind: PackKind,
  ifNoneMatch: string | null,
) {
  const read = await readPack(deps, user, meetingId, locale, kind);
  const head = { filename: read.filename, etag: read.etag, fingerprint: read.fingerprint };
  if (matches(ifNoneMatch, read.etag)) return { ...head, notModified: true as const };
  return { ...head, notModified: false as const, ...(await draw(read, locale)) };
}

/** For tests: start from an empty cache. */
export function clearPackCache() {
  cache.clear();
}
