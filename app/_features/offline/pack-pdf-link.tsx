import { getLocale, getTranslations } from "next-intl/server";
import type { PackKind } from "@/server/features/meetings/pack/pack-rules";

/** A meeting pack as a PDF in the reader's language (a download: the route sends it as an attachment). */
export async function PackPdfLink({ meetingId, kind }: { meetingId: number; kind: PackKind }) {
  const [t, locale] = await Promise.all([getTranslations("meetings.pdf"), getLocale()]);
  return (
    <a
      href={`/api/meetings/${meetingId}/pack.pdf?kind=${kind}&lang=${locale}`}
      className="text-brand-700 hover:underline print:hidden"
      data-testid={`pack-pdf-${kind}`}
      download
    >
      {t(kind === "minutes" ? "downloadMinutes" : "downloadAgenda")}
    </a>
  );
}
