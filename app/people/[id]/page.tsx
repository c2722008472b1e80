import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { Alert, Badge, Card, PageHeader } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { serverCaller } from "../../lib/server";
import { RecognitionFigures } from "@/app/_features/talent/recognition-figures";

/**
 * A participant's page (mentions link here). Anyone sees the name and region, as beside their comments;
 * fellow participants also see organisation, role and joining date. Never the email. Signed-out views
 * are rate-limited per address (null then).
 */
const loadPerson = cache(async (id: string) => {
  const personId = Number(id);
  if (!Number.isSafeInteger(personId) || personId <= 0) notFound();
  const caller = await serverCaller();
  return caller.people.profile({ id: personId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    if (error instanceof TRPCError && error.code === "TOO_MANY_REQUESTS") return null;
    throw error;
  });
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const person = await loadPerson((await params).id);
  const t = await getTranslations("people");
  return { title: person?.displayName ?? t("title") };
}

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [t, locale, format, person] = await Promise.all([
    getTranslations(),
    getLocale(),
    getFormatter(),
    loadPerson(id),
  ]);
  const signIn = (
    <Link href={`/sign-in?callbackUrl=/people/${Number(id)}`} className="font-medium text-brand-700 underline">
      {t("nav.signIn")}
    </Link>
  );
  if (!person) {
    return (
      <div className="mx-auto max-w-2xl">
        <PageHeader title={t("people.title")} />
        <Alert tone="info">
          {t("people.rateLimited")} {signIn}
        </Alert>
      </div>
    );
  }
  const { details } = person;
  const caller = await serverCaller();
  const [expertise, recognition] = await Promise.all([
    caller.talent.expertise({ accountId: Number(id) }),
    caller.talent.recognition({ accountId: Number(id) }),
  ]);
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={person.displayName}
        description={
          details
            ? t("people.memberSince", { date: format.dateTime(details.createdAt, { dateStyle: "long" }) })
            : undefined
        }
      />
      <Card>
        <dl className="grid gap-4 text-sm sm:grid-cols-3">
          {details ? (
            <div>
              <dt className="text-slate-500">{t("people.organisation")}</dt>
              <dd className="font-medium text-slate-900">{details.organisation}</dd>
            </div>
          ) : null}
          <div>
            <dt className="text-slate-500">{t("people.region")}</dt>
            <dd className="font-medium text-slate-900">
              {pick(locale, person.region, "name")} · {pick(locale, person.cluster, "name")}
            </dd>
          </div>
          {details ? (
            <div>
              <dt className="text-slate-500">{t("people.role")}</dt>
              <dd>
                <Badge tone="brand">{t(`roles.${details.role}`)}</Badge>
              </dd>
            </div>
          ) : null}
        </dl>
        {details ? null : (
          <p className="mt-4 text-sm text-slate-600">
            {t("people.signInForMore")} {signIn}
          </p>
        )}
      </Card>
      {expertise ? (
        <Card className="mt-6">
          <h2 className="font-semibold">{t("talent.expertise.title")}</h2>
          <dl className="mt-3 space-y-3 text-sm" data-testid="expertise">
            {expertise.fields.length > 0 ? (
              <div>
                <dt className="text-slate-500">{t("talent.expertise.fields")}</dt>
                <dd className="mt-1 flex flex-wrap gap-1.5">
                  {expertise.fields.map((f) => (
                    <Badge key={f} tone="brand">
                      {f}
                    </Badge>
                  ))}
                </dd>
              </div>
            ) : null}
            {expertise.keywords.length > 0 ? (
              <div>
                <dt className="text-slate-500">{t("talent.expertise.keywords")}</dt>
                <dd className="mt-1 flex flex-wrap gap-1.5">
                  {expertise.keywords.map((k) => (
                    <Badge key={k}>{k}</Badge>
                  ))}
                </dd>
              </div>
            ) : null}
            {expertise.links.length > 0 ? (
              <div>
                <dt className="text-slate-500">{t("talent.expertise.links")}</dt>
                <dd>
                  <ul className="mt-1 space-y-1">
                    {expertise.links.map((link) => (
                      <li key={link.url}>
                        <span className="text-xs text-slate-500">
                          {t(`talent.expertise.linkKinds.${link.kind}`)} ·{" "}
                        </span>
                        <a
                          href={link.url}
                          rel="noopener noreferrer nofollow"
                          target="_blank"
                          className="text-brand-700 underline"
                        >
                          {link.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            ) : null}
          </dl>
        </Card>
      ) : null}
      <Card className="mt-6">
        <h2 className="font-semibold">{t("talent.recognition.title")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("talent.recognition.intro")}</p>
        {recognition.counts ? (
          <RecognitionFigures counts={recognition.counts} />
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("talent.recognition.optedOut")}</p>
        )}
      </Card>
    </div>
  );
}
