"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useRelativeTime } from "@/app/lib/use-relative-time";
import { useState, type FormEvent } from "react";
import { calendarFeedScopes, type CalendarFeedScope } from "@/shared/calendar-feed-vocabulary";
import { locales, type Locale } from "@/shared/vocabulary";
import { RegionOptions } from "@/app/components/region-options";
import { Button } from "@/app/components/ui/button";
import { useConfirm } from "@/app/components/ui/confirm-dialog";
import { Alert, Badge, EmptyState, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput } from "@/app/components/ui/field";
import { OneTimeSecret } from "@/app/components/ui/one-time-secret";
import { describeError } from "@/app/lib/errors";
import { useTRPC } from "@/app/lib/trpc";
import { useRegions } from "@/app/lib/use-regions";

/**
 * Calendar feeds on the profile page: a secret address per feed for a calendar app to subscribe to,
 * shown once when made (only its hash is kept), listed with its last use, revoked with a confirmation.
 */
export function CalendarFeedsSection({ ownRegionId, isAdmin }: { ownRegionId: number; isAdmin: boolean }) {
  const t = useTranslations("calendarFeeds");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const relativeTime = useRelativeTime();
  const regions = useRegions();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const list = useQuery(trpc.calendarFeeds.list.queryOptions());
  const [scope, setScope] = useState<CalendarFeedScope>("personal");
  const [regionId, setRegionId] = useState(ownRegionId);
  const pageLocale = useLocale() as Locale;
  const [locale, setLocale] = useState<Locale>(pageLocale);
  const [shown, setShown] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.calendarFeeds.list.queryKey() });
  const create = useMutation(
    trpc.calendarFeeds.create.mutationOptions({
      onSuccess: (made) => {
        setShown(`${window.location.origin}/api/calendar/${made.token}.ics`);
        refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.calendarFeeds.revoke.mutationOptions({ onSuccess: refresh }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(null);
    create.mutate({ scope, locale, regionId: scope === "region" ? regionId : null });
  };
  const describe = (feed: { scope: CalendarFeedScope; regionId: number | null }) =>
    feed.regionId === null ? t(`scopes.${feed.scope}`) : `${t("scopes.region")} · ${regions.name(feed.regionId)}`;

  return (
    <section id="calendar-feeds" className="space-y-4" aria-labelledby="calendar-feeds-title">
      <div>
        <h2 id="calendar-feeds-title" className="font-semibold">
          {t("title")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      </div>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
        <Field label={t("scope")} htmlFor="feed-scope">
          <SelectInput id="feed-scope" value={scope} onChange={(e) => setScope(e.target.value as CalendarFeedScope)}>
            {calendarFeedScopes.map((s) => (
              <option key={s} value={s}>
                {t(`scopes.${s}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
        {scope === "region" ? (
          <Field label={t("region")} htmlFor="feed-region">
            {isAdmin ? (
              <SelectInput id="feed-region" value={regionId} onChange={(e) => setRegionId(Number(e.target.value))}>
                <RegionOptions />
              </SelectInput>
            ) : (
              <SelectInput id="feed-region" value={ownRegionId} disabled>
                <option value={ownRegionId}>{regions.name(ownRegionId)}</option>
              </SelectInput>
            )}
          </Field>
        ) : null}
        <Field label={t("language")} htmlFor="feed-locale">
          <SelectInput id="feed-locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {locales.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Button type="submit" size="sm" busy={create.isPending} data-testid="create-feed">
          {t("create")}
        </Button>
      </form>
      {create.error ? <Alert>{describeError(create.error, tErrors)}</Alert> : null}
      {shown ? (
        <OneTimeSecret notice={t("createdOnce")} value={shown} testId="feed-url" copyLabel={t("copy")}>
          <a href={shown.replace(/^https?:/, "webcal:")} className="font-medium text-brand-700 hover:underline">
            {t("subscribe")}
          </a>
          <Button type="button" size="sm" variant="ghost" onClick={() => setShown(null)}>
            {t("done")}
          </Button>
        </OneTimeSecret>
      ) : null}
      {revoke.error ? <Alert>{describeError(revoke.error, tErrors)}</Alert> : null}
      {list.isPending ? (
        <Skeleton lines={2} />
      ) : list.error ? (
        <Alert>{describeError(list.error, tErrors)}</Alert>
      ) : list.data.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="feed-list">
          {list.data.map((feed) => (
            <li key={feed.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
              <span className="min-w-0 space-y-0.5">
                <span className="flex flex-wrap items-center gap-2 font-medium">
                  {describe(feed)}
                  <Badge tone={feed.revokedAt ? "slate" : "green"}>{feed.revokedAt ? t("revoked") : t("active")}</Badge>
                </span>
                <span className="block text-xs text-slate-500">
                  {t(`languages.${feed.locale}`)} ·{" "}
                  {t("createdAt", { when: format.dateTime(new Date(feed.createdAt), { dateStyle: "medium" }) })} ·{" "}
                  {feed.lastUsedAt ? t("lastUsed", { when: relativeTime(new Date(feed.lastUsedAt)) }) : t("neverUsed")}
                </span>
              </span>
              {feed.revokedAt ? null : (
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={revoke.isPending}
                  onClick={async () => {
                    if (await confirm({ message: t("confirmRevoke", { feed: describe(feed) }), tone: "danger" }))
                      revoke.mutate({ feedId: feed.id });
                  }}
                >
                  {t("revoke")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
