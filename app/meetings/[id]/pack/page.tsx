import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { loadMeeting } from "@/app/_features/meetings/load-meeting";
import { PackPdfLink } from "@/app/_features/offline/pack-pdf-link";
import { PackStatus } from "@/app/_features/offline/pack-status";
import { Card } from "../../../components/ui/card";
import { serverCaller } from "../../../lib/server";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [{ meeting }, locale, t] = await Promise.all([
    loadMeeting((await params).id),
    getLocale(),
    getTranslations("offline"),
  ]);
  return { title: t("packTitle", { title: locale === "en" ? meeting.titleEn : meeting.titleZh }) };
}

/**
 * The meeting pack: everything a participant reads before and during a meeting, rendered on the server
 * in one page (no client fetches), so the copy the service worker keeps is readable offline.
 */
export default async function MeetingPackPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ meeting, agenda, decisions }, t, tMeetings, tFiles, locale, format] = await Promise.all([
    loadMeeting((await params).id),
    getTranslations("offline"),
    getTranslations("meetings"),
    getTranslations("attachments"),
    getLocale(),
    getFormatter(),
  ]);
  const en = locale === "en";
  const files = await (await serverCaller()).attachments.list({ parent: { kind: "meeting", id: meeting.id } });
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  const itemTitle = new Map(agenda.map((item) => [item.id, en ? item.titleEn : item.titleZh]));
  return (
    <article className="space-y-4">
      <Link href={`/meetings/${meeting.id}`} className="text-sm text-brand-700 hover:underline print:hidden">
        ← {t("backToMeeting")}
      </Link>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold text-slate-900">
          {t("packTitle", { title: en ? meeting.titleEn : meeting.titleZh })}
        </h1>
        <p className="text-sm text-slate-600">
          {t("when", { start: when(meeting.startsAt), end: when(meeting.endsAt) })}
        </p>
        {meeting.place ? <p className="text-sm text-slate-600">{t("where", { place: meeting.place })}</p> : null}
        {meeting.onlineUrl ? <p className="text-sm text-slate-600">{t("online", { url: meeting.onlineUrl })}</p> : null}
        <p className="text-sm">
          <PackPdfLink meetingId={meeting.id} />
        </p>
        <PackStatus />
      </header>
      {(en ? meeting.descriptionEn : meeting.descriptionZh) ? (
        <Card>
          <p className="whitespace-pre-line text-slate-700">{en ? meeting.descriptionEn : meeting.descriptionZh}</p>
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-2 font-semibold text-slate-900">{t("agenda")}</h2>
        {agenda.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noAgenda")}</p>
        ) : (
          <ol className="list-decimal space-y-2 pl-5">
            {agenda.map((item) => (
              <li key={item.id}>
                <span className="font-medium text-slate-900">{en ? item.titleEn : item.titleZh}</span>{" "}
                <span className="text-sm text-slate-500">{t("minutes", { count: item.durationMinutes })}</span>
                {item.presenter ? (
                  <p className="text-sm text-slate-600">{t("presenter", { name: item.presenter })}</p>
                ) : null}
                {item.minutes ? <p className="whitespace-pre-line text-sm text-slate-700">{item.minutes}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold text-slate-900">{t("decisions")}</h2>
        {decisions.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noDecisions")}</p>
        ) : (
          <ul className="space-y-2">
            {decisions.map((d) => (
              <li key={d.id}>
                <p className="text-xs text-slate-500">{itemTitle.get(d.itemId) ?? tMeetings("title")}</p>
                <p className="text-slate-800">{en ? d.textEn : d.textZh}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold text-slate-900">{t("files")}</h2>
        {files.items.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noFiles")}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {files.items.map((file) => (
              <li key={file.id}>
                <a href={`/api/attachments/${file.id}`} className="text-brand-700 hover:underline">
                  {file.name}
                </a>{" "}
                <span className="text-slate-500">{tFiles(`types.${file.type}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </article>
  );
}
