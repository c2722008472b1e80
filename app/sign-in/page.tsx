import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeRedirectPath } from "@/server/domain/safe-redirect";
import { Card } from "../components/ui/card";
import { MailOffHelp } from "../_features/accounts/mail-off-help";
import { currentUser, demoSignInAccounts, serverCaller, signInLockoutMinutes } from "../lib/server";
import { SignInForm } from "./sign-in-form";
import { SsoButtons } from "../_features/sso/sso-buttons";
import { ssoErrorKey } from "../_features/sso/sso-errors";
import { Alert } from "../components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("signIn");
  return { title: t("title") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  const callbackUrl = safeRedirectPath(params.callbackUrl, process.env.NEXTAUTH_URL ?? "http://localhost");
  if (await currentUser()) redirect(callbackUrl);
  const caller = await serverCaller();
  const [t, tRecovery, tSso, help, ssoProviders] = await Promise.all([
    getTranslations("signIn"),
    getTranslations("recovery"),
    getTranslations("sso"),
    caller.recovery.help(),
    caller.sso.providers(),
  ]);
  const error = typeof params.error === "string" ? params.error : null;
  const ssoError = ssoErrorKey(error);
  const demo = demoSignInAccounts();
  return (
    <div className="mx-auto max-w-md">
      <Card className="p-6">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-slate-600">{t("description")}</p>
        {ssoError ? (
          <div className="mt-4" data-testid="sso-error">
            <Alert>{tSso.has(`errors.${ssoError}`) ? tSso(`errors.${ssoError}`) : t("failed")}</Alert>
          </div>
        ) : null}
        <div className="mt-6">
          <SignInForm
            lockoutMinutes={signInLockoutMinutes}
            callbackUrl={callbackUrl}
            ended={params.ended === "1"}
            initialError={ssoError ? null : error}
            demoAccounts={demo}
          />
        </div>
        <div className="mt-4">
          <SsoButtons providers={ssoProviders} callbackUrl={callbackUrl} />
        </div>
        <div className="mt-6 text-sm">
          {help.mail ? (
            <Link href="/forgot-password" className="text-brand-700 underline" data-testid="forgot-password">
              {tRecovery("forgotLink")}
            </Link>
          ) : (
            <details>
              <summary className="cursor-pointer text-brand-700 underline" data-testid="forgot-password">
                {tRecovery("forgotLink")}
              </summary>
              <div className="mt-2">
                <MailOffHelp admins={help.admins} />
              </div>
            </details>
          )}
        </div>
        <p className="mt-4 text-sm text-slate-500">{t("noAccount")}</p>
      </Card>
    </div>
  );
}
