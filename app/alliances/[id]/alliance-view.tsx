"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { streamKey } from "@/server/domain/stream-access";
import { buildMatrix } from "@/server/features/alliances/rules/matrix";
import type { LiveEvent } from "@/server/events/contract";
import { MatrixGrid } from "@/app/_features/alliances/matrix-grid";
import { downloadText } from "@/app/_features/fund/money";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card, Skeleton } from "../../components/ui/card";
import { applyAllianceEvent } from "../../lib/live/alliance";
import { pick } from "../../lib/localized";
import { useLiveStream } from "../../lib/realtime";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";
import { InvitationsPanel, InviteForm } from "./membership-panels";
import { ProjectsPanel } from "./projects-panel";

/** An alliance, live: members in their chain roles, invitations, projects and the division-of-labour matrix. */
export function AllianceView({ allianceId }: { allianceId: number }) {
  const t = useTranslations("alliances");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const stream = streamKey({ kind: "alliance", id: allianceId });
  const queryKey = useMemo(() => trpc.alliances.get.queryKey({ allianceId }), [trpc, allianceId]);
  const alliance = useQuery(trpc.alliances.get.queryOptions({ allianceId }));
  const resync = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey });
    return queryClient.getQueryData(queryKey)?.headSeq;
  }, [queryClient, queryKey]);
  const onEvent = useCallback(
    (event: LiveEvent) => queryClient.setQueryData(queryKey, (view) => (view ? applyAllianceEvent(view, event) : view)),
    [queryClient, queryKey],
  );
  useLiveStream(alliance.data ? stream : null, { onEvent, onResync: resync }, { startSeq: alliance.data?.headSeq });
  const data = alliance.data;
  const accepted = useMemo(() => data?.members.filter((m) => m.status === "accepted") ?? [], [data]);
  const matrix = useMemo(
    () =>
      buildMatrix(
        [],
        accepted,
        (data?.projects ?? []).map((p) => ({ projectId: p.id, regionIds: p.regionIds })),
      ),
    [accepted, data],
  );
  const exportCsv = async () => {
    const file = await queryClient.fetchQuery(trpc.alliances.export.queryOptions({ allianceId }));
    downloadText(file.body, file.filename, `${file.mimeType};charset=utf-8`);
  };

  if (alliance.isPending)
    return (
      <Card>
        <Skeleton lines={6} />
      </Card>
    );
  if (alliance.isError || !data) return <Alert>{t("loadFailed")}</Alert>;
  const organisationName = (id: number) => {
    const m = data.members.find((x) => x.organisationId === id);
    return m ? pick(locale, m, "name") : "…";
  };
  const invited = data.members.filter((m) => m.status === "invited");
  return (
    <div className="space-y-6">
      <Link href="/alliances" className="text-sm text-brand-700 hover:underline">
        ← {t("detail.back")}
      </Link>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold text-slate-900">{pick(locale, data, "name")}</h1>
        <p className="text-slate-500" lang={locale === "en" ? "zh-CN" : "en"}>
          {locale === "en" ? data.nameZh : data.nameEn}
        </p>
        {data.founder ? (
          <p className="text-sm text-slate-600">
            {t("detail.founder")}
            <Link className="text-brand-700 hover:underline" href={`/organisations/${data.founder.id}`}>
              {pick(locale, data.founder, "name")}
            </Link>
          </p>
        ) : null}
        {pick(locale, data, "description") ? (
          <p className="max-w-3xl whitespace-pre-line text-slate-700">{pick(locale, data, "description")}</p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {data.sectors.map((s) => (
            <Badge key={s}>{s}</Badge>
          ))}
        </div>
        <p className="text-xs text-slate-500">{t("detail.live")}</p>
      </header>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card>
            <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
              <h2 className="font-semibold text-slate-900">{t("detail.matrix")}</h2>
              <Button variant="secondary" size="sm" onClick={() => void exportCsv()}>
                {t("detail.export")}
              </Button>
            </div>
            <p className="mb-3 text-sm text-slate-600">{t("detail.matrixHint")}</p>
            <MatrixGrid matrix={matrix} organisationName={organisationName} />
          </Card>
          <Card>
            <h2 className="mb-3 font-semibold text-slate-900">{t("detail.members")}</h2>
            {accepted.length === 0 ? (
              <p className="text-sm text-slate-600">{t("detail.noMembers")}</p>
            ) : (
              <ul className="divide-y divide-slate-100" data-testid="members">
                {accepted.map((m) => (
                  <li key={m.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-baseline sm:gap-3">
                    <Badge tone="brand">{t(`chain.${m.chainRole}`)}</Badge>
                    <Link
                      className="font-medium text-brand-700 hover:underline"
                      href={`/organisations/${m.organisationId}`}
                    >
                      {pick(locale, m, "name")}
                    </Link>
                    <span className="text-sm text-slate-500">{regions.name(m.regionId)}</span>
                    {m.contribution ? <span className="text-sm text-slate-700">{m.contribution}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <ProjectsPanel allianceId={data.id} projects={data.projects} canHome={data.me.canHomeProjects} />
        </div>
        <div className="space-y-6">
          {data.forum ? (
            <Card>
              <h2 className="font-semibold text-slate-900">{t("detail.forum")}</h2>
              <p className="mt-1 text-sm text-slate-600">{t("detail.forumHint")}</p>
              <Link
                className="mt-2 inline-block text-sm text-brand-700 hover:underline"
                href={`/forums/${data.forum.slug}`}
              >
                {t("detail.forum")} →
              </Link>
            </Card>
          ) : null}
          <InvitationsPanel invited={invited} myOrganisationId={data.me.organisationId} isAdmin={data.me.isAdmin} />
          {data.me.canInvite ? <InviteForm allianceId={data.id} /> : null}
        </div>
      </div>
    </div>
  );
}
