import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { forbidden, redirect } from "next/navigation";
import { PageHeader } from "../components/ui/card";
import { currentUser } from "../lib/server";
import { AdminTabPanel, type AdminTab } from "@/app/_features/admin/admin-tab-panel";

const tabs = [
  "invitations",
  "accounts",
  "organisations",
  "sso",
  "regions",
  "forums",
  "holidays",
  "audit",
  "activity",
  "outgoing",
  "openData",
] as const satisfies readonly AdminTab[];
type Tab = (typeof tabs)[number];

function tabOf(requested: string | undefined): Tab {
  return tabs.includes(requested as Tab) ? (requested as Tab) : "invitations";
}

type Translate = (key: string) => string;
/** A tab's name: the open-data and holidays tabs name themselves in their own catalogues. */
const labelOf = (name: Tab, tc: Translate, to: Translate, th: Translate) =>
  name === "openData" ? to("admin.tab") : name === "holidays" ? th("tab") : tc(`tabs.${name}`);

export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<{ tab?: string }>;
}): Promise<Metadata> {
  const [t, tc, to, th, { tab }] = await Promise.all([
    getTranslations("admin"),
    getTranslations("adminConsole"),
    getTranslations("openData"),
    getTranslations("holidays"),
    searchParams,
  ]);
  return { title: `${labelOf(tabOf(tab), tc, to, th)} · ${t("title")}` };
}

/** One tab at a time, chosen by `?tab=`, so each loads only its own data and links can point at a tab. */
export default async function AdminPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/admin");
  const t = await getTranslations("admin");
  const tc = await getTranslations("adminConsole");
  const to = await getTranslations("openData");
  const th = await getTranslations("holidays");
  const tabLabel = (name: Tab) => labelOf(name, tc, to, th);
  if (user.role !== "admin") forbidden();
  const tab = tabOf((await searchParams).tab);
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />
      <nav aria-label={t("sections")} className="-mt-2 flex gap-1 overflow-x-auto border-b border-slate-200 text-sm">
        {tabs.map((name) => (
          <Link
            key={name}
            href={`/admin?tab=${name}`}
            aria-current={name === tab ? "page" : undefined}
            className="whitespace-nowrap border-b-2 border-transparent px-3 py-2 font-medium text-slate-600 hover:text-brand-700 aria-[current=page]:border-brand-600 aria-[current=page]:text-brand-700"
            data-testid={`admin-tab-${name}`}
          >
            {tabLabel(name)}
          </Link>
        ))}
      </nav>
      <section aria-labelledby="admin-section-title" className="space-y-3">
        <h2 id="admin-section-title" className="text-lg font-semibold">
          {tabLabel(tab)}
        </h2>
        {tab === "forums" ? <p className="text-sm text-slate-600">{t("forumsHint")}</p> : null}
        <AdminTabPanel tab={tab} viewerId={user.id} />
      </section>
    </div>
  );
}
