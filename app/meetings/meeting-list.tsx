"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { ButtonLink } from "../components/ui/button";
import { Alert, EmptyState, Skeleton } from "../components/ui/card";
import { describeError } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { useUrlChoice } from "../lib/url-state";
import { useRegions } from "../lib/use-regions";
import { MeetingStatusBadge, useChinaTime, usePick } from "../_features/meetings/meeting-bits";

const tabs = ["upcoming", "past"] as const;

/** Upcoming meetings soonest first, past ones latest first; the server lists only what the viewer may see. */
export function MeetingList() {
  const t = useTranslations("meetings");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const pick = usePick();
  const time = useChinaTime();
  const regions = useRegions();
  const [when, setWhen] = useUrlChoice("when", tabs, "upcoming");
  const list = useQuery(trpc.meetings.list.queryOptions({ when }));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="tablist" aria-label={t("title")} className="flex gap-1 rounded-md bg-slate-100 p-1">
          {tabs.map((tab) => (
            <button
              key={tab}
              role="tab"
              type="button"
              aria-selected={when === tab}
              onClick={() => setWhen(tab)}
              className={`rounded px-3 py-1.5 text-sm font-medium ${when === tab ? "bg-white shadow-sm" : "text-slate-600"}`}
            >
              {t(`tabs.${tab}`)}
            </button>
          ))}
        </div>
        <div className="flex gap-2">
          <ButtonLink href="/decisions" variant="secondary">
            {t("toRegister")}
          </ButtonLink>
          {list.data?.mayCreate ? <ButtonLink href="/meetings/new">{t("new")}</ButtonLink> : null}
        </div>
      </div>
      {list.isPending ? (
        <Skeleton lines={5} />
      ) : list.error ? (
        <Alert>{describeError(list.error, tErrors)}</Alert>
      ) : list.data.meetings.length === 0 ? (
        <EmptyState title={t(`empty.${when}`)} />
      ) : (
        <ul className="space-y-3" data-testid="meeting-list">
          {list.data.meetings.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-center gap-2">
                <MeetingStatusBadge status={m.status} />
                <span className="text-sm text-slate-600">{t(`kinds.${m.kind}`)}</span>
              </div>
              <Link
                href={`/meetings/${m.id}`}
                className="mt-1 block text-lg font-semibold text-brand-800 hover:underline"
              >
                {pick(m, "title")}
              </Link>
              <p className="text-sm text-slate-600">
                {time.span(m.startsAt, m.endsAt)} · {t("hostedBy", { region: regions.name(m.hostRegionId) })} ·{" "}
                {t("registeredCount", { count: m.registered })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
