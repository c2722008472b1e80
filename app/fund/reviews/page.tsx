import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge, Card, PageHeader } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { currentUser, serverCaller } from "../../lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("fund.reviews");
  return { title: t("title") };
}

/** The reviewer's workbench: only their own assignments (the server returns no one else's). */
export default async function ReviewsPage() {
  if (!(await currentUser())) redirect("/sign-in?callbackUrl=/fund/reviews");
  const caller = await serverCaller();
  const [t, locale, assignments] = await Promise.all([
    getTranslations("fund.reviews"),
    getLocale(),
    caller.fund.myAssignments(),
  ]);
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      {assignments.length === 0 ? (
        <Card>
          <p className="text-slate-600">{t("empty")}</p>
        </Card>
      ) : (
        <ul className="space-y-3" data-testid="assignments">
          {assignments.map((a) => (
            <li key={a.id}>
              <Card>
                <div className="flex flex-wrap items-center gap-2">
                  <Link href={`/fund/reviews/${a.id}`} className="font-semibold text-brand-700 hover:underline">
                    {a.title}
                  </Link>
                  <Badge tone={a.submittedAt ? "green" : a.declaredAt ? "brand" : "amber"}>
                    {t(a.submittedAt ? "state.submitted" : a.declaredAt ? "state.declared" : "state.assigned")}
                  </Badge>
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  {pick(locale, { titleZh: a.callTitleZh, titleEn: a.callTitleEn }, "title")}
                  {a.reviewDueOn && !a.submittedAt ? (
                    <span className="ml-2 font-medium text-amber-700" data-testid="review-due-on">
                      {t("dueOn", { date: a.reviewDueOn })}
                    </span>
                  ) : null}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
