import { createHash } from "node:crypto";
import type { SessionUser } from "../../../infra/auth/session";
import type { ServiceDeps } from "../../../infra/deps";
import type { Locale } from "@/shared/vocabulary";
import { meetingPackData, type MeetingPack } from "./pack";
import { renderPackOffThread } from "./pack-render";

/**
 * The meeting pack PDF, generated on demand and cached until its content changes. The key is the
 * meeting, the language and a fingerprint of everything the PDF shows as this reader sees it (a hash
 * of the pack's data): reading that data is a handful of indexed queries, drawing the PDF is the
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

export async function meetingPackPdf(
  deps: Pick<ServiceDeps, "db" | "now">,
  user: SessionUser | null,
  meetingId: number,
  locale: Locale,
) {
  const pack = await meetingPackData(deps.db, user, meetingId, deps.now());
  // Presence counts who is expected "now" (suspensions end): it is part of the content, so it stays in the key.
  const fingerprint = packFingerprint(pack);
  const key = `${pack.meeting.id}:${locale}:${fingerprint}`;
  let content = cache.get(key);
  const cached = content !== undefined;
  if (content) remember(key, content);
  else {
    content = await renderPackOffThread(pack, locale);
    remember(key, content);
  }
  return { filename: `meeting-${pack.meeting.id}-${locale}.pdf`, content, fingerprint, cached };
}

/** For tests: start from an empty cache. */
export function clearPackCache() {
  cache.clear();
}
