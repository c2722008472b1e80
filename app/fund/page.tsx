import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { ButtonLink } from "../components/ui/button";
import { Badge, Card, PageHeader } from "../components/ui/card";
import { pick } from "../lib/localized";
import { serverCaller } from "../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("fund");
  return { title: t("title") };
}

export default async function FundPage() {
  const caller = await serverCaller();
  const [t, format, locale, { calls, viewer }] = await Promise.all([
    getTranslations("fund"),
    getFormatter(),
    getLocale(),
    caller.fund.list({}),
  ]);
  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <ButtonLink href="/fund/accountability" variant="secondary">
              {t("accountabilityNav")}
            </ButtonLink>
            {viewer.reviewer ? (
              <ButtonLink href="/fund/reviews" variant="secondary">
                {t("reviews.nav")}
              </ButtonLink>
            ) : null}
            {viewer.admin ? (
              <ButtonLink href="/fund/reviewers" variant="secondary">
                {t("reviewers.nav")}
              </ButtonLink>
            ) : null}
            {viewer.manager ? <ButtonLink href="/fund/new">{t("newCall")}</ButtonLink> : null}
          </>
        }
      />
      {calls.length === 0 ? (
        <Card>
          <p className="text-slate-600">{t("empty")}</p>
        </Card>
      ) : (
        <ul className="space-y-3" data-testid="call-list">
          {calls.map((call) => (
            <li key={call.id}>
              <Card>
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/fund/${call.id}`} className="text-lg font-semibold text-brand-700 hover:underline">
                    {pick(locale, call, "title")}
                  </Link>
                  <Badge tone={call.status === "open" ? "green" : "slate"}>{t(`statuses.${call.status}`)}</Badge>
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  {t("listLine", {
                    total: format.number(call.totalYuan, {
                      style: "currency",
                      currency: "CNY",
                      maximumFractionDigits: 0,
                    }),
                    deadline: format.dateTime(call.deadline, { dateStyle: "medium" }),
                  })}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
