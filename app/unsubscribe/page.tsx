import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { notificationKinds } from "@/shared/notification-kinds";
import { Button } from "../components/ui/button";
import { Alert, Card, PageHeader } from "../components/ui/card";
import { verifiedUnsubscribe } from "../lib/server";

/**
 * Where a mail's "stop emails of this kind" link lands: opening it changes nothing (mail scanners open
 * links too); the button posts to /api/unsubscribe, which turns the kind's email off and comes back here.
 */
export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [t, params] = await Promise.all([getTranslations(), searchParams]);
  const settings = (
    <Link href="/notifications/preferences" className="text-brand-700 underline">
      {t("notifications.preferencesLink")}
    </Link>
  );
  const doneKind = notificationKinds.find((kind) => kind === params.done);
  if (doneKind) {
    return (
      <Frame title={t("notifications.preferences.title")}>
        <Alert tone="success">
          {t("notifications.preferences.unsubscribed", { kind: t(`notifications.kindNames.${doneKind}`) })}
        </Alert>
        <p className="mt-4 text-sm">{settings}</p>
      </Frame>
    );
  }
  const token = typeof params.token === "string" ? params.token : "";
  const verified = verifiedUnsubscribe(token);
  if (!verified) {
    return (
      <Frame title={t("mail.confirmTitle")}>
        <Alert>{t("mail.invalidLink")}</Alert>
        <p className="mt-4 text-sm">{settings}</p>
      </Frame>
    );
  }
  return (
    <Frame title={t("mail.confirmTitle")}>
      <p className="text-slate-700">{t("mail.confirmBody", { kind: t(`notifications.kindNames.${verified.kind}`) })}</p>
      <form
        method="post"
        action={`/api/unsubscribe?token=${encodeURIComponent(token)}`}
        className="mt-6 flex items-center gap-4"
      >
        <Button type="submit" data-testid="unsubscribe-confirm">
          {t("mail.confirmButton")}
        </Button>
        {settings}
      </form>
    </Frame>
  );
}

function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title={title} />
      <Card className="p-6">{children}</Card>
    </div>
  );
}
