"use client";
import { useCallback, useMemo } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Alert, Badge, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { Button } from "../../components/ui/button";
import { describeError } from "../../lib/errors";
import type { RouterOutputs } from "../../lib/router-types";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";
import { useLiveQuery } from "../../lib/use-live-query";
import {
  applyMyApplicationsEvent,
  applyMyPostingsEvent,
  withListedApplication,
  type ListSide,
} from "../../lib/live/my-applications";
import { streamKey } from "@/server/domain/stream-access";
import type { ApplicationView } from "@/server/features/talent/contract";
import { ApplicationStatusBadge } from "./talent-bits";

type Row = RouterOutputs["talent"]["myApplications"]["sent"][number];

function ApplicationRow({
  row,
  side,
  onDone,
}: {
  row: Row;
  side: ListSide;
  /** With the application as the step left it, read in the step's transaction. */
  onDone: (application: ApplicationView) => void;
}) {
  const t = useTranslations("talent");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const regions = useRegions();
  const trpc = useTRPC();
  // Only the steps that need no second thought are offered here; declining and withdrawing are on the posting's page.
  const quick = row.actions.filter((a) => a !== "decline" && a !== "withdraw");
  const move = useMutation(trpc.talent.move.mutationOptions({ onSuccess: onDone }));
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone="brand">{t(`kinds.${row.posting.kind}`)}</Badge>
          <Link href={`/talent/${row.posting.id}`} className="font-medium text-slate-900 hover:underline">
            {row.posting.title}
          </Link>
        </div>
        <ApplicationStatusBadge status={row.status} />
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {side === "host"
          ? t("lists.fromApplicant", {
              name: row.applicant.displayName,
              organisation: row.applicant.organisation,
              region: regions.name(row.applicant.regionId),
            })
          : t("hostLine", {
              organisation: row.posting.hostOrganisation,
              region: regions.name(row.posting.hostRegionId),
            })}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        {t("lists.changedAt", { date: format.dateTime(new Date(row.statusChangedAt), { dateStyle: "medium" }) })}
      </p>
      {quick.length > 0 ? (
        <div className="mt-3 flex flex-wrap gap-2">
          {quick.map((action) => (
            <Button
              key={action}
              size="sm"
              busy={move.isPending && move.variables?.action === action}
              disabled={move.isPending}
              onClick={() => move.mutate({ applicationId: row.id, action })}
            >
              {t(`actions.${action}.${side}`)}
            </Button>
          ))}
        </div>
      ) : null}
      {move.error ? (
        <div className="mt-2">
          <Alert>{describeError(move.error, tErrors)}</Alert>
        </div>
      ) : null}
    </li>
  );
}

/** My applications, and the applications to the places I host, each with the steps open to me. */
export function ApplicationLists({ viewerId }: { viewerId: number }) {
  const t = useTranslations("talent");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.talent.myApplications.queryOptions());
  const queryKey = useMemo(() => trpc.talent.myApplications.queryKey(), [trpc]);
  const stream = streamKey({ kind: "user", id: viewerId });
  // Both sides come on the reader's own stream with their rows: the other side's steps on their own
  // applications, and applications to the places they host (new ones, and either side's steps).
  useLiveQuery(queryKey, stream, query.data, applyMyApplicationsEvent);
  const postings = useQuery(trpc.talent.myPostings.queryOptions());
  const postingsKey = useMemo(() => trpc.talent.myPostings.queryKey(), [trpc]);
  // Each change to an application to one of them comes with its posting's count of those under way.
  useLiveQuery(postingsKey, stream, postings.data, applyMyPostingsEvent);
  // An own step's answer is its row: set in place (its event, arriving later, sets it again; a newer
  // row already held stays). The postings' counts follow from the event: nothing is read again.
  const settle = useCallback(
    (side: ListSide) => (application: ApplicationView) =>
      queryClient.setQueryData(queryKey, (view) => view && withListedApplication(view, side, application)),
    [queryClient, queryKey],
  );
  if (query.isPending) return <Skeleton lines={6} />;
  if (query.error) return <Alert>{describeError(query.error, tErrors)}</Alert>;
  const { sent, received } = query.data;
  return (
    <div className="space-y-8">
      <section aria-labelledby="sent-heading" className="space-y-3">
        <h2 id="sent-heading" className="text-lg font-semibold text-slate-900">
          {t("lists.sent")}
        </h2>
        {sent.length === 0 ? (
          <EmptyState title={t("lists.sentEmpty")}>
            <Link href="/talent" className="text-brand-700 underline">
              {t("lists.browse")}
            </Link>
          </EmptyState>
        ) : (
          <ul className="space-y-3" data-testid="sent-applications">
            {sent.map((row) => (
              <ApplicationRow key={row.id} row={row} side="applicant" onDone={settle("applicant")} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="received-heading" className="space-y-3">
        <h2 id="received-heading" className="text-lg font-semibold text-slate-900">
          {t("lists.received")}
        </h2>
        {postings.data && postings.data.postings.length > 0 ? (
          <Card>
            <h3 className="text-sm font-medium text-slate-700">{t("lists.myPostings")}</h3>
            <ul className="mt-2 space-y-1 text-sm">
              {postings.data.postings.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center gap-2">
                  <Link href={`/talent/${p.id}`} className="text-brand-700 hover:underline">
                    {p.title}
                  </Link>
                  {p.status === "closed" ? <Badge tone="amber">{t("closed")}</Badge> : null}
                  <span className="text-slate-500">{t("lists.active", { count: p.activeApplications })}</span>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        {received.length === 0 ? (
          <EmptyState title={t("lists.receivedEmpty")} />
        ) : (
          <ul className="space-y-3" data-testid="received-applications">
            {received.map((row) => (
              <ApplicationRow key={row.id} row={row} side="host" onDone={settle("host")} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
