"use client";
import dynamic from "next/dynamic";
import { Skeleton } from "@/app/components/ui/card";
import { untilHydrated } from "@/app/components/ui/until-hydrated";

const loading = () => <Skeleton />;

// One chunk per tab: the console shows one tab at a time, so its first load carries only that tab's code.
// Each tab's controls stay disabled until its chunk has hydrated (untilHydrated), so nothing typed is reset.
const InvitationsPanel = dynamic(
  () => import("./accounts/invitations-panel").then((m) => untilHydrated(m.InvitationsPanel)),
  {
    loading,
  },
);
const AccountsPanel = dynamic(() => import("./accounts/accounts-panel").then((m) => untilHydrated(m.AccountsPanel)), {
  loading,
});
const OrganisationsPanel = dynamic(
  () => import("./organisations-panel").then((m) => untilHydrated(m.OrganisationsPanel)),
  {
    loading,
  },
);
const RegionsPanel = dynamic(() => import("./regions-panel").then((m) => untilHydrated(m.RegionsPanel)), { loading });
const ForumsPanel = dynamic(() => import("./forums-panel").then((m) => untilHydrated(m.ForumsPanel)), { loading });
const HoldPanel = dynamic(() => import("./hold-panel").then((m) => untilHydrated(m.HoldPanel)), { loading });
const HolidaysPanel = dynamic(() => import("./holidays-panel").then((m) => untilHydrated(m.HolidaysPanel)), {
  loading,
});
const AuditPanel = dynamic(() => import("./audit/audit-panel").then((m) => untilHydrated(m.AuditPanel)), { loading });
const ActivityPanel = dynamic(() => import("./activity-panel").then((m) => untilHydrated(m.ActivityPanel)), {
  loading,
});
const OutgoingPanel = dynamic(
  () => import("./integrations/outgoing-panel").then((m) => untilHydrated(m.OutgoingPanel)),
  {
    loading,
  },
);
const OpenDataPanel = dynamic(
  () => import("./integrations/open-data-panel").then((m) => untilHydrated(m.OpenDataPanel)),
  {
    loading,
  },
);
const SsoPanel = dynamic(() => import("./integrations/sso-panel").then((m) => untilHydrated(m.SsoPanel)), { loading });

export type AdminTab =
  | "invitations"
  | "accounts"
  | "organisations"
  | "sso"
  | "regions"
  | "forums"
  | "holidays"
  | "audit"
  | "activity"
  | "outgoing"
  | "openData";

/** The admin console's open tab. */
export function AdminTabPanel({ tab, viewerId }: { tab: AdminTab; viewerId: number }) {
  switch (tab) {
    case "invitations":
      return <InvitationsPanel />;
    case "accounts":
      return <AccountsPanel viewerId={viewerId} />;
    case "organisations":
      return <OrganisationsPanel />;
    case "regions":
      return <RegionsPanel />;
    case "forums":
      return (
        <>
          <ForumsPanel />
          <HoldPanel />
        </>
      );
    case "holidays":
      return <HolidaysPanel />;
    case "audit":
      return <AuditPanel />;
    case "activity":
      return <ActivityPanel />;
    case "outgoing":
      return <OutgoingPanel />;
    case "openData":
      return <OpenDataPanel />;
    case "sso":
      return <SsoPanel />;
  }
}
