import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Card } from "../components/ui/card";
import { serverCaller } from "../lib/server";
import { ForgotPasswordForm } from "./forgot-password-form";
import { MailOffHelp } from "../_features/accounts/mail-off-help";

export async function generateMetadata() {
  const t = await getTranslations("recovery");
  return { title: t("forgotTitle") };
}

export default async function ForgotPasswordPage() {
  const [t, help] = await Promise.all([getTranslations("recovery"), (await serverCaller()).recovery.help()]);
  return (
    <div className="mx-auto max-w-md">
      <Card className="p-6">
        <h1 className="text-2xl font-semibold">{t("forgotTitle")}</h1>
        {help.mail ? (
          <>
            <p className="mt-1 text-slate-600">{t("forgotDescription")}</p>
            <div className="mt-6">
              <ForgotPasswordForm />
            </div>
          </>
        ) : (
          <div className="mt-4">
            <MailOffHelp admins={help.admins} />
          </div>
        )}
        <p className="mt-6 text-sm">
          <Link href="/sign-in" className="text-brand-700 underline">
            {t("backToSignIn")}
          </Link>
        </p>
      </Card>
    </div>
  );
}
