import { TRPCError } from "@trpc/server";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { AppError } from "@/server/errors";
import { Alert, Card } from "../../components/ui/card";
import { serverCaller } from "../../lib/server";
import { ResetPasswordForm } from "./reset-password-form";

export async function generateMetadata() {
  const t = await getTranslations("recovery");
  return { title: t("resetTitle") };
}

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [t, caller] = await Promise.all([getTranslations(), serverCaller()]);
  const link = await caller.recovery.check({ token }).catch((error: unknown) => {
    if (error instanceof TRPCError) return error;
    throw error;
  });
  return (
    <div className="mx-auto max-w-md">
      <Card className="p-6">
        <h1 className="text-2xl font-semibold">{t("recovery.resetTitle")}</h1>
        {link instanceof TRPCError ? (
          <>
            <div className="mt-4">
              <Alert>
                {t(
                  `errors.reasons.${link.cause instanceof AppError && link.cause.reason.startsWith("RESET_LINK_") ? link.cause.reason : "RESET_LINK_INVALID"}`,
                )}
              </Alert>
            </div>
            <p className="mt-6 text-sm">
              <Link href="/forgot-password" className="text-brand-700 underline">
                {t("recovery.requestAnother")}
              </Link>
            </p>
          </>
        ) : (
          <>
            <p className="mt-1 text-slate-600">{t("recovery.resetDescription")}</p>
            <div className="mt-6">
              <ResetPasswordForm token={token} />
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
