"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { Field, TextInput } from "../../components/ui/field";
import { signInWith } from "../../lib/auth-client";
import { useTRPCClient } from "../../lib/trpc";

export function SsoCodeForm({ ticket }: { ticket: string }) {
  const t = useTranslations();
  const trpcClient = useTRPCClient();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await signInWith("sso-code", { ticket, code });
      if (result?.ok && !result.error) {
        const status = await trpcClient.twoFactor.status.query().catch(() => null);
        window.location.assign(status?.required && !status.enabled ? "/me?enrol=1#two-factor" : "/");
        return;
      }
      setError(result?.error ?? "failed");
    } catch {
      setError("failed");
    }
    setBusy(false);
  }

  const message =
    error === "SsoTicketInvalid"
      ? t("sso.errors.SsoTicketInvalid")
      : error === "Suspended"
        ? t("signIn.suspended")
        : error === "RateLimited"
          ? t("signIn.rateLimited")
          : error === "TwoFactorRequired" || error === "TwoFactorInvalid"
            ? null
            : error
              ? t("signIn.failed")
              : null;
  const invalid = error === "TwoFactorInvalid" || error === "TwoFactorRequired";
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {message ? (
        <Alert>
          <p>{message}</p>
          {error === "SsoTicketInvalid" ? (
            <p className="mt-2">
              <Link href="/sign-in" className="font-medium underline">
                {t("sso.code.restart")}
              </Link>
            </p>
          ) : null}
        </Alert>
      ) : null}
      <Field
        label={t("twoFactor.signIn.codeLabel")}
        htmlFor="sso-code"
        hint={t("twoFactor.signIn.codeHint")}
        error={invalid ? t("twoFactor.signIn.invalid") : null}
      >
        <TextInput
          id="sso-code"
          name="code"
          autoComplete="one-time-code"
          autoFocus
          required
          invalid={invalid}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </Field>
      <Button type="submit" busy={busy} className="w-full">
        {t("sso.code.submit")}
      </Button>
    </form>
  );
}
