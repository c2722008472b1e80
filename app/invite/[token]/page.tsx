import type { Metadata } from "next";
import { TRPCError } from "@trpc/server";
import { getLocale, getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { AppError } from "@/server/errors";
import { ButtonLink } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { pick } from "../../lib/localized";
import { serverCaller } from "../../lib/server";
import { RedeemForm } from "./redeem-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("invite");
  return { title: t("title") };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [t, locale, format, caller] = await Promise.all([
    getTranslations(),
    getLocale(),
    getFormatter(),
    serverCaller(),
  ]);
  const preview = await caller.invitations.preview({ token }).catch((error: unknown) => {
    if (error instanceof TRPCError) return error;
    throw error;
  });

  if (preview instanceof TRPCError) {
    const reason = preview.cause instanceof AppError ? preview.cause.reason : null;
    return (
      <Card className="mx-auto max-w-md p-6">
        <h1 className="text-xl font-semibold">{t("invite.invalidTitle")}</h1>
        <div className="mt-4">
          <Alert>
            {reason && t.has(`errors.reasons.${reason}`)
              ? t(`errors.reasons.${reason}`)
              : t("errors.reasons.INVITE_NOT_FOUND")}
          </Alert>
        </div>
        <div className="mt-6">
          <ButtonLink href="/" variant="secondary">
            {t("common.backHome")}
          </ButtonLink>
        </div>
      </Card>
    );
  }

  return (
    <Card className="mx-auto max-w-md p-6">
      <h1 className="text-2xl font-semibold">{t("invite.title")}</h1>
      <p className="mt-1 text-slate-600">
        {t("invite.description", { role: t(`roles.${preview.role}`), region: pick(locale, preview.region, "name") })}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        {t("invite.expires", { date: format.dateTime(preview.expiresAt, { dateStyle: "medium", timeStyle: "short" }) })}
      </p>
      <div className="mt-6">
        <RedeemForm token={token} email={preview.email} organisation={preview.organisation} />
      </div>
    </Card>
  );
}
