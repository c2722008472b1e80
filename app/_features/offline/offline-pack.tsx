import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PackPdfLink } from "./pack-pdf-link";

/**
 * The meeting page's way to its packs, the printable reading copies the app keeps for offline reading:
 * the agenda pack always, the minutes pack once there are minutes.
 */
export async function OfflinePack({ meetingId, hasMinutes }: { meetingId: number; hasMinutes: boolean }) {
  const t = await getTranslations("offline");
  return (
    <div className="space-y-1 text-sm">
      <p className="flex flex-wrap gap-x-3">
        <Link href={`/meetings/${meetingId}/pack`} className="text-brand-700 hover:underline">
          {t("agendaPackLink")}
        </Link>
        <PackPdfLink meetingId={meetingId} kind="agenda" />
        {hasMinutes ? (
          <>
            <Link href={`/meetings/${meetingId}/pack?kind=minutes`} className="text-brand-700 hover:underline">
              {t("minutesPackLink")}
            </Link>
            <PackPdfLink meetingId={meetingId} kind="minutes" />
          </>
        ) : null}
      </p>
      <p className="text-slate-500">{t("packHint")}</p>
    </div>
  );
}
