import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { forbidden, redirect } from "next/navigation";
import { PageHeader } from "../components/ui/card";
import { currentUser } from "../lib/server";
import { AccountsPanel } from "@/app/_features/admin/accounts/accounts-panel";
import { ActivityPanel } from "@/app/_features/admin/activity-panel";
import { AuditPanel } from "@/app/_features/admin/audit/audit-panel";
import { ForumsPanel } from "@/app/_features/admin/forums-panel";
import { HolidaysPanel } from "@/app/_features/admin/holidays-panel";
import { HoldPanel } from "@/app/_features/admin/hold-panel";
import { InvitationsPanel } from "@/app/_features/admin/accounts/invitations-panel";
import { RegionsPanel } from "@/app/_features/admin/regions-panel";
import { OutgoingPanel } from "@/app/_features/admin/integrations/outgoing-panel";
import { OrganisationsPanel } from "@/app/_features/admin/organisations-panel";
import { OpenDataPanel } from "@/app/_features/admin/integrations/open-data-panel";
import { SsoPanel } from "@/app/_features/admin/integrations/sso-panel";

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
] as const;
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
        {tab === "invitations" ? <InvitationsPanel /> : null}
        {tab === "accounts" ? <AccountsPanel viewerId={user.id} /> : null}
        {tab === "organisations" ? <OrganisationsPanel /> : null}
        {tab === "regions" ? <RegionsPanel /> : null}
        {tab === "forums" ? (
          <>
            <p className="text-sm text-slate-600">{t("forumsHint")}</p>
            <ForumsPanel />
            <HoldPanel />
          </>
        ) : null}
        {tab === "holidays" ? <HolidaysPanel /> : null}
        {tab === "audit" ? <AuditPanel /> : null}
        {tab === "activity" ? <ActivityPanel /> : null}
        {tab === "outgoing" ? <OutgoingPanel /> : null}
        {tab === "openData" ? <OpenDataPanel /> : null}
        {tab === "sso" ? <SsoPanel /> : null}
      </section>
    </div>
  );
}
