import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import type { ReactNode } from "react";
import { serverCaller } from "../lib/server";
import { Badge, Card } from "./ui/card";

/** "My work" on the workbench: what waits for the signed-in person (server: workbench.myWork). */
export async function MyWork() {
  const [t, tModeration, format, caller, locale] = await Promise.all([
    getTranslations("home.myWork"),
    getTranslations("moderation"),
    getFormatter(),
    serverCaller(),
    getLocale(),
  ]);
  const work = await caller.workbench.myWork();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section aria-labelledby="my-work" data-testid="my-work">
      <h2 id="my-work" className="mb-3 text-lg font-semibold">
        {t("heading")}
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <WorkList
          testId="my-drafts"
          title={t("drafts")}
          empty={t("draftsEmpty")}
          more={{ href: "/projects?status=draft", label: t("allDrafts") }}
        >
          {work.drafts.map((draft) => (
            <li key={draft.id}>
              <Link href={`/projects/${draft.id}`} className="font-medium text-brand-700 hover:underline">
                {draft.title}
              </Link>
              <p className="text-xs text-slate-500">
                {draft.isProposer ? t("proposer") : t("coproposer")} · {t("updated", { time: when(draft.updatedAt) })}
              </p>
            </li>
          ))}
        </WorkList>
        <WorkList testId="my-invitations" title={t("invitations")} empty={t("invitationsEmpty")}>
          {work.invitations.map((invitation) => (
            <li key={invitation.projectId}>
              <Link href={`/projects/${invitation.projectId}`} className="font-medium text-brand-700 hover:underline">
                {invitation.title}
              </Link>
              <p className="text-xs text-slate-500">
                {t("invitedBy", { name: invitation.proposer.displayName, time: when(invitation.invitedAt) })}
              </p>
            </li>
          ))}
        </WorkList>
        <WorkList testId="my-ballots" title={t("ballots")} empty={t("ballotsEmpty")}>
          {work.ballotsToVote.map((ballot) => (
            <li key={ballot.ballotId}>
              <Link
                href={
                  ballot.callId !== null ? `/fund/${ballot.callId}#portfolio-ballots` : `/projects/${ballot.projectId}`
                }
                className="font-medium text-brand-700 hover:underline"
              >
                {ballot.callId !== null
                  ? t("portfolioBallot", { call: (locale === "en" ? ballot.callTitleEn : ballot.callTitleZh) ?? "" })
                  : ballot.title}
              </Link>
              <p className="text-xs text-slate-500">
                {t("closes", { round: ballot.round, time: when(ballot.closesAt) })}
              </p>
            </li>
          ))}
        </WorkList>
        <WorkList
          testId="my-reports"
          title={t("reports", { open: work.openReports })}
          empty={t("reportsEmpty")}
          more={work.reports.length > 0 ? { href: "/moderation/my-reports", label: t("allReports") } : undefined}
        >
          {work.reports.map((report) => (
            <li key={report.id} className="flex flex-wrap items-center gap-2">
              <span>
                {tModeration("mine.item", { kind: tModeration(`kinds.${report.targetKind}`), id: report.targetId })}
              </span>
              <Badge tone={report.status === "open" ? "amber" : report.status === "actioned" ? "green" : "slate"}>
                {tModeration(`mine.statuses.${report.status}`)}
              </Badge>
            </li>
          ))}
        </WorkList>
      </div>
    </section>
  );
}

function WorkList({
  testId,
  title,
  empty,
  more,
  children,
}: {
  testId: string;
  title: string;
  empty: string;
  more?: { href: string; label: string };
  children: ReactNode[];
}) {
  return (
    <Card>
      <div data-testid={testId}>
        <h3 className="font-semibold text-slate-900">{title}</h3>
        {children.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{empty}</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">{children}</ul>
        )}
        {more ? (
          <Link href={more.href} className="mt-3 inline-block text-sm text-brand-700 hover:underline">
            {more.label}
          </Link>
        ) : null}
      </div>
    </Card>
  );
}
