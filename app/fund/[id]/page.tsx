import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { orNotFound, routeId } from "@/app/_features/fund/load";
import { pick } from "../../lib/localized";
import { currentUser, serverCaller } from "../../lib/server";
import { CallView } from "./call-view";

async function loadCall(raw: string) {
  const caller = await serverCaller();
  return orNotFound(caller.fund.get({ callId: routeId(raw) }));
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [call, locale] = await Promise.all([loadCall((await params).id), getLocale()]);
  return { title: pick(locale, call, "title") };
}

export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const [call, t, user] = await Promise.all([loadCall((await params).id), getTranslations("fund"), currentUser()]);
  return (
    <div className="space-y-6">
      <Link href="/fund" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <CallView initial={call} viewer={user ? { id: user.id, role: user.role } : null} />
    </div>
  );
}
