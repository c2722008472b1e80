import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { ItemDigest, PackAttendance, PackDecisions } from "@/app/_features/meetings/pack/pack-sections";
import { PackPdfLink } from "@/app/_features/offline/pack-pdf-link";
import { PackStatus } from "@/app/_features/offline/pack-status";
import { packKindOf, type PackKind } from "@/server/features/meetings/pack/pack-rules";
import { Card } from "../../../components/ui/card";
import { serverCaller } from "../../../lib/server";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ kind?: string | string[] }> };

/** The pack a `/meetings/[id]/pack?kind=` route names, for the signed-in reader; unseen, or minutes before there are any, is a 404. */
async function loadPack({ params, searchParams }: Props) {
  const meetingId = Number((await params).id);
  if (!Number.isSafeInteger(meetingId) || meetingId <= 0) notFound();
  const kind = (await searchParams).kind;
  const caller = await serverCaller();
  return caller.meetings
    .pack({ meetingId, kind: packKindOf(typeof kind === "string" ? kind : null) })
    .catch((error: unknown) => {
      if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
      throw error;
    });
}

const titleKey = (kind: PackKind) => (kind === "minutes" ? "minutesPackTitle" : "agendaPackTitle");

export async function generateMetadata(props: Props): Promise<Metadata> {
  const [pack, locale, t] = await Promise.all([loadPack(props), getLocale(), getTranslations("offline")]);
  return { title: t(titleKey(pack.kind), { title: locale === "en" ? pack.meeting.titleEn : pack.meeting.titleZh }) };
}

/**
 * A meeting pack: the agenda pack (agenda with a digest of each linked item, attendance, files) read
 * before a meeting, or the minutes pack, which adds the minutes and the decisions with each region's
 * answer. Rendered on the server in one page (no client fetches), so the copy the service worker keeps
 * is readable offline; the PDF of the same pack is drawn from the same data.
 */
export default async function MeetingPackPage(props: Props) {
  const [pack, t, tMeetings, tFiles, locale, format] = await Promise.all([
    loadPack(props),
    getTranslations("offline"),
    getTranslations("meetings"),
    getTranslations("attachments"),
    getLocale(),
    getFormatter(),
  ]);
  const { meeting, kind } = pack;
  const en = locale === "en";
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  const regionNames = new Map(pack.regions.map((r) => [r.id, en ? r.nameEn : r.nameZh]));
  const region = (id: number) => regionNames.get(id) ?? `#${id}`;
  const other: PackKind | null = kind === "minutes" ? "agenda" : pack.hasMinutes ? "minutes" : null;
  return (
    <article className="space-y-4">
      <Link href={`/meetings/${meeting.id}`} className="text-sm text-brand-700 hover:underline print:hidden">
        ← {t("backToMeeting")}
      </Link>
      <header className="space-y-1">
        <h1 className="break-words text-2xl font-semibold text-slate-900">
          {t(titleKey(kind), { title: en ? meeting.titleEn : meeting.titleZh })}
        </h1>
        <p className="text-sm text-slate-600">
          {t("when", { start: when(meeting.startsAt), end: when(meeting.endsAt) })}
        </p>
        {meeting.place ? <p className="text-sm text-slate-600">{t("where", { place: meeting.place })}</p> : null}
        {meeting.onlineUrl ? (
          <p className="break-all text-sm text-slate-600">{t("online", { url: meeting.onlineUrl })}</p>
        ) : null}
        <p className="flex flex-wrap gap-x-3 text-sm print:hidden">
          <PackPdfLink meetingId={meeting.id} kind={kind} />
          {other ? (
            <Link href={`/meetings/${meeting.id}/pack?kind=${other}`} className="text-brand-700 hover:underline">
              {t(other === "minutes" ? "minutesPackLink" : "agendaPackLink")}
            </Link>
          ) : null}
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
        {pack.agenda.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noAgenda")}</p>
        ) : (
          <ol className="list-decimal space-y-3 pl-5">
            {pack.agenda.map((item) => (
              <li key={item.id} data-testid="pack-item">
                <span className="font-medium text-slate-900">{en ? item.titleEn : item.titleZh}</span>{" "}
                <span className="text-sm text-slate-500">{t("minutes", { count: item.durationMinutes })}</span>
                {item.presenter ? (
                  <p className="text-sm text-slate-600">{t("presenter", { name: item.presenter })}</p>
                ) : null}
                <ItemDigest digest={pack.digests.find((d) => d.itemId === item.id)} region={region} />
                {item.minutes ? (
                  <div className="mt-1">
                    <p className="text-sm text-slate-500">{tMeetings("pdf.minutes")}</p>
                    <p className="whitespace-pre-line text-sm text-slate-700">{item.minutes}</p>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card>
        <h2 className="mb-2 font-semibold text-slate-900">{t("attendance")}</h2>
        <PackAttendance pack={pack} region={region} />
      </Card>
      {kind === "minutes" ? (
        <Card>
          <h2 className="mb-2 font-semibold text-slate-900">{t("decisions")}</h2>
          <PackDecisions pack={pack} region={region} en={en} />
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-2 font-semibold text-slate-900">{t("files")}</h2>
        {pack.files.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noFiles")}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {pack.files.map((file) => (
              <li key={file.id}>
                <a href={`/api/attachments/${file.id}`} className="break-all text-brand-700 hover:underline">
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
