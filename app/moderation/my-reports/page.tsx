import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { redirect } from "next/navigation";
import { Badge, Card, EmptyState, PageHeader } from "../../components/ui/card";
import { currentUser, serverCaller } from "../../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("moderation");
  return { title: t("mine.title") };
}

export default async function MyReportsPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/moderation/my-reports");
  const [t, format, caller] = await Promise.all([getTranslations("moderation"), getFormatter(), serverCaller()]);
  const reports = await caller.moderation.myReports();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={t("mine.title")} description={t("mine.description")} />
      {reports.length === 0 ? (
        <EmptyState title={t("mine.empty")} />
      ) : (
        <ul className="space-y-3">
          {reports.map((report) => (
            <li key={report.id}>
              <Card className="space-y-1 text-sm">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">
                    {t("mine.item", { kind: t(`kinds.${report.targetKind}`), id: report.targetId })}
                  </span>
                  <Badge>{t(`reasons.${report.reason}`)}</Badge>
                  <Badge tone={report.status === "open" ? "amber" : report.status === "actioned" ? "green" : "slate"}>
                    {t(`mine.statuses.${report.status}`)}
                  </Badge>
                  <time className="ml-auto text-xs text-slate-500" dateTime={report.createdAt.toISOString()}>
                    {format.dateTime(report.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                  </time>
                </p>
                {report.note ? <p className="text-slate-600">“{report.note}”</p> : null}
                {report.resolution ? (
                  <p className="text-slate-700">{t("mine.resolution", { text: report.resolution })}</p>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
