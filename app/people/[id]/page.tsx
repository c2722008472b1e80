import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge, Card, PageHeader } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { serverCaller } from "../../lib/server";

/** What anyone may know of a participant: name, organisation, region and role (never the email). Mentions link here. */
const loadPerson = cache(async (id: string) => {
  const personId = Number(id);
  if (!Number.isSafeInteger(personId) || personId <= 0) notFound();
  const caller = await serverCaller();
  return caller.people.profile({ id: personId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: (await loadPerson((await params).id)).displayName };
}

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [t, locale, format, person] = await Promise.all([getTranslations(), getLocale(), getFormatter(), loadPerson(id)]);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={person.displayName} description={t("people.memberSince", { date: format.dateTime(person.createdAt, { dateStyle: "long" }) })} />
      <Card>
        <dl className="grid gap-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">{t("people.organisation")}</dt>
            <dd className="font-medium text-slate-900">{person.organisation}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("people.region")}</dt>
            <dd className="font-medium text-slate-900">
              {pick(locale, person.region, "name")} · {pick(locale, person.cluster, "name")}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("people.role")}</dt>
            <dd>
              <Badge tone="brand">{t(`roles.${person.role}`)}</Badge>
            </dd>
          </div>
        </dl>
      </Card>
    </div>
  );
}
