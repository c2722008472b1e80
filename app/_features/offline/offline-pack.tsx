import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PackPdfLink } from "./pack-pdf-link";

/** The meeting page's way to its pack: the printable reading copy the app keeps for offline reading. */
export async function OfflinePack({ meetingId }: { meetingId: number }) {
  const t = await getTranslations("offline");
  return (
    <p className="text-sm">
      <Link href={`/meetings/${meetingId}/pack`} className="text-brand-700 hover:underline">
        {t("packLink")}
      </Link>{" "}
      <span className="text-slate-500">{t("packHint")}</span> · <PackPdfLink meetingId={meetingId} />
    </p>
  );
}
