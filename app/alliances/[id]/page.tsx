import type { Metadata } from "next";
import { getLocale } from "next-intl/server";
import { orNotFound, routeId } from "@/app/_features/achievements/load";
import { pick } from "../../lib/localized";
import { serverCaller } from "../../lib/server";
import { AllianceView } from "./alliance-view";

async function loadAlliance(id: string) {
  const caller = await serverCaller();
  return orNotFound(caller.alliances.get({ allianceId: routeId(id) }));
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [alliance, locale] = await Promise.all([loadAlliance((await params).id), getLocale()]);
  return { title: pick(locale, alliance, "name") };
}

/** Read on the server first (a missing alliance is a 404), then followed live by the client. */
export default async function AlliancePage({ params }: { params: Promise<{ id: string }> }) {
  const alliance = await loadAlliance((await params).id);
  return <AllianceView allianceId={alliance.id} />;
}
