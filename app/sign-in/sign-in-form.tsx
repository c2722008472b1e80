"use client";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { safeRedirectPath } from "@/server/domain/safe-redirect";
import { Button } from "../components/ui/button";
import { Alert, Card } from "../components/ui/card";
import { Field, TextInput } from "../components/ui/field";
import { signInWith } from "../lib/auth-client";
import { useTRPCClient } from "../lib/trpc";

interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

function messageKey(error: string | null): "wrongCredentials" | "suspended" | "rateLimited" | "failed" | null {
  if (!error || error === "TwoFactorRequired" || error === "TwoFactorInvalid") return null;
  if (error === "CredentialsSignin") return "wrongCredentials";
  if (error === "Suspended") return "suspended";
  if (error === "RateLimited") return "rateLimited";
  return "failed";
}

export function SignInForm({
  callbackUrl,
  ended,
  initialError,
  demoAccounts,
  lockoutMinutes,
}: {
  callbackUrl: string;
  ended: boolean;
  initialError: string | null;
  demoAccounts: DemoAccount[];
  /** How long a lockout lasts at most, from the failure that started it. */
  lockoutMinutes: number;
}) {
  const t = useTranslations();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(initialError);
  // When a lockout ends at the latest: the window counts from the first failure, at most this long ago.
  const [lockedUntil, setLockedUntil] = useState<Date | null>(null);
  const format = useFormatter();
  const [busy, setBusy] = useState(false);
  // After a right password on an account with two-factor sign-in, the same form asks for the code.
  const [step, setStep] = useState<"password" | "code">("password");
  const [code, setCode] = useState("");
  const trpcClient = useTRPCClient();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await signInWith("credentials", { email, password, ...(step === "code" ? { code } : {}) });
      if (result?.ok && !result.error) {
        // Moderators and admins outside demo mode set up two-factor sign-in before anything else.
        const status = await trpcClient.twoFactor.status.query().catch(() => null);
        // A full navigation so every server component renders with the new session.
        window.location.assign(
          status?.required && !status.enabled
            ? "/me?enrol=1#two-factor"
            : safeRedirectPath(callbackUrl, window.location.origin),
        );
        return;
      }
      if (result?.error === "TwoFactorRequired" || result?.error === "TwoFactorInvalid") setStep("code");
      if (result?.error === "RateLimited") setLockedUntil(new Date(Date.now() + lockoutMinutes * 60_000));
      setError(result?.error ?? "failed");
    } catch {
      setError("failed");
    }
    setBusy(false);
  }

  const key = messageKey(error);
  return (
    <>
      {/* post: submitted before the page's code has run, the browser itself sends the form, and a GET
          would put the password in the address, the history and the server's logs. */}
      <form method="post" onSubmit={submit} className="space-y-4" noValidate>
        {ended && !key ? <Alert tone="info">{t("signIn.ended")}</Alert> : null}
        {key === "rateLimited" && lockedUntil ? (
          <Alert>
            <p>{t("recovery.lockedUntil", { time: format.dateTime(lockedUntil, { timeStyle: "short" }) })}</p>
            <p className="mt-2">
              <Link href="/forgot-password" className="font-medium underline" data-testid="locked-reset">
                {t("recovery.lockedAction")}
              </Link>
            </p>
          </Alert>
        ) : key ? (
          <Alert>{t(`signIn.${key}`)}</Alert>
        ) : null}
        {step === "password" ? (
          <>
            <Field label={t("signIn.email")} htmlFor="email">
              <TextInput
                id="email"
                name="email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </Field>
            <Field label={t("signIn.password")} htmlFor="password">
              <TextInput
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
          </>
        ) : (
          <>
            <p className="text-sm text-slate-600">{t("twoFactor.signIn.prompt")}</p>
            <Field
              label={t("twoFactor.signIn.codeLabel")}
              htmlFor="code"
              hint={t("twoFactor.signIn.codeHint")}
              error={error === "TwoFactorInvalid" ? t("twoFactor.signIn.invalid") : null}
            >
              <TextInput
                id="code"
                name="code"
                autoComplete="one-time-code"
                autoFocus
                required
                invalid={error === "TwoFactorInvalid"}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </Field>
          </>
        )}
        <Button type="submit" busy={busy} className="w-full">
          {step === "code" ? t("twoFactor.signIn.verify") : t("signIn.submit")}
        </Button>
        {step === "code" ? (
          <button
            type="button"
            className="w-full text-sm text-slate-600 underline"
            onClick={() => {
              setStep("password");
              setCode("");
              setError(null);
            }}
          >
            {t("twoFactor.signIn.back")}
          </button>
        ) : null}
      </form>
      {demoAccounts.length > 0 ? (
        <Card className="mt-6 bg-slate-50">
          <h2 className="font-semibold">{t("signIn.demoTitle")}</h2>
          <p className="text-xs text-slate-500">{t("signIn.demoHint")}</p>
          <ul className="mt-3 space-y-2">
            {demoAccounts.map((account) => (
              <li key={account.email}>
                <button
                  type="button"
                  className="w-full rounded-md border border-slate-200 bg-white px-3 py-2 text-left text-sm hover:border-brand-300"
                  onClick={() => {
                    setEmail(account.email);
                    setPassword(account.password);
                  }}
                  data-testid={`demo-${account.role}`}
                >
                  <span className="font-medium">{t(`roles.${account.role}`)}</span>
                  <span className="block truncate font-mono text-xs text-slate-500">{account.email}</span>
                </button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  );
}
