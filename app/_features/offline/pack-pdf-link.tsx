import { getLocale, getTranslations } from "next-intl/server";

/** The meeting pack as a PDF in the reader's language (a download: the route sends it as an attachment). */
export async function PackPdfLink({ meetingId }: { meetingId: number }) {
  const [t, locale] = await Promise.all([getTranslations("meetings.pdf"), getLocale()]);
  return (
    <a
      href={`/api/meetings/${meetingId}/pack.pdf?lang=${locale}`}
      className="text-brand-700 hover:underline print:hidden"
      data-testid="pack-pdf"
      download
    >
      {t("download")}
    </a>
  );
}
