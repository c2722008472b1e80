"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../components/ui/button";
import { Alert, Badge, Skeleton } from "../components/ui/card";
import { Field, TextInput } from "../components/ui/field";
import { describeError, errorData } from "../lib/errors";
import { useTRPC } from "../lib/trpc";

const ownReasons = [
  "TWO_FACTOR_CODE_INVALID",
  "TWO_FACTOR_REQUIRED",
  "TWO_FACTOR_NOT_STARTED",
  "RATE_LIMITED",
] as const;

/** Two-factor sign-in on the profile page: set up with an app, recovery codes shown once, turn off with a code. */
export function TwoFactorSection({ mustEnrol }: { mustEnrol: boolean }) {
  const t = useTranslations("twoFactor");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.twoFactor.status.queryOptions());
  const [code, setCode] = useState("");
  const [currentPassword, setCurrentPassword] = useState("");
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.twoFactor.status.queryKey() });
  const begin = useMutation(trpc.twoFactor.begin.mutationOptions());
  const confirm = useMutation(
    trpc.twoFactor.confirm.mutationOptions({
      onSuccess: (result) => {
        setRecoveryCodes(result.recoveryCodes);
        setCode("");
        setCurrentPassword("");
        void refresh();
      },
    }),
  );
  const disable = useMutation(
    trpc.twoFactor.disable.mutationOptions({
      onSuccess: () => {
        setCode("");
        setCurrentPassword("");
        begin.reset();
        void refresh();
      },
    }),
  );

  // A wrong password is shown at the password field, every other refusal above the form.
  const wrongPassword = (error: unknown) => errorData(error)?.reason === "WRONG_PASSWORD";
  const explain = (error: unknown) => {
    const reason = errorData(error)?.reason;
    const own = ownReasons.find((r) => r === reason);
    return own ? t(`errors.${own}`) : describeError(error, tErrors);
  };
  const submitCode = (action: typeof confirm | typeof disable) => (event: FormEvent) => {
    event.preventDefault();
    action.mutate({ code: code.trim(), currentPassword });
  };
  const passwordField = (error: unknown) => (
    <div className="max-w-xs">
      <Field
        label={t("passwordLabel")}
        htmlFor="two-factor-password"
        hint={t("passwordHint")}
        error={wrongPassword(error) ? tErrors("reasons.WRONG_PASSWORD") : null}
      >
        <TextInput
          id="two-factor-password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          invalid={wrongPassword(error)}
          onChange={(e) => setCurrentPassword(e.target.value)}
        />
      </Field>
    </div>
  );
  const codeField = (
    <div className="max-w-xs">
      <Field label={t("codeLabel")} htmlFor="two-factor-code" hint={t("codeHint")}>
        <TextInput
          id="two-factor-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </Field>
    </div>
  );

  return (
    <section id="two-factor" className="space-y-4" aria-labelledby="two-factor-title">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="two-factor-title" className="font-semibold">
          {t("title")}
        </h2>
        {status.data ? (
          <Badge tone={status.data.enabled ? "green" : "slate"}>{status.data.enabled ? t("on") : t("off")}</Badge>
        ) : null}
        {status.data?.required ? <Badge tone="amber">{t("requiredBadge")}</Badge> : null}
      </div>
      {mustEnrol && !status.data?.enabled ? <Alert tone="info">{t("mustEnrol")}</Alert> : null}
      <p className="text-sm text-slate-600">{t("intro")}</p>
      {status.isPending ? <Skeleton lines={2} /> : null}
      {status.error ? <Alert>{describeError(status.error, tErrors)}</Alert> : null}

      {recoveryCodes ? (
        <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4">
          <Alert tone="success">{t("enabled")}</Alert>
          <h3 className="font-semibold">{t("recoveryTitle")}</h3>
          <p className="text-sm">{t("recoveryHint")}</p>
          <ul className="grid grid-cols-2 gap-2 font-mono text-sm" data-testid="recovery-codes">
            {recoveryCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <Button type="button" variant="secondary" onClick={() => setRecoveryCodes(null)}>
            {t("recoveryDone")}
          </Button>
        </div>
      ) : null}

      {status.data && !status.data.enabled && !begin.data ? (
        <div className="space-y-2">
          {/* Here, in the "off" view the refreshed status switches to: shown inside the "on" view it vanished with it. */}
          {disable.isSuccess ? <Alert tone="success">{t("disabled")}</Alert> : null}
          {begin.error ? <Alert>{explain(begin.error)}</Alert> : null}
          <Button type="button" busy={begin.isPending} onClick={() => begin.mutate()}>
            {t("start")}
          </Button>
        </div>
      ) : null}

      {status.data && !status.data.enabled && begin.data ? (
        <form method="post" onSubmit={submitCode(confirm)} className="space-y-4" noValidate>
          <ol className="list-decimal space-y-3 pl-5 text-sm">
            <li>{t("stepScan")}</li>
          </ol>
          {/* The QR code is drawn on the server from the otpauth:// address; nothing here leaves the page. */}
          {/* eslint-disable-next-line @next/next/no-img-element -- an inline data: SVG, which next/image cannot optimise */}
          <img
            src={`data:image/svg+xml;utf8,${encodeURIComponent(begin.data.qrSvg)}`}
            alt={t("qrAlt")}
            width={176}
            height={176}
            className="rounded border border-slate-200 bg-white"
          />
          <p className="text-sm">
            {t("secretLabel")}{" "}
            <code className="break-all rounded bg-slate-100 px-1 py-0.5 font-mono text-sm" data-testid="totp-secret">
              {begin.data.secret}
            </code>
          </p>
          <ol start={2} className="list-decimal pl-5 text-sm">
            <li>{t("stepConfirm")}</li>
          </ol>
          {confirm.error && !wrongPassword(confirm.error) ? <Alert>{explain(confirm.error)}</Alert> : null}
          {passwordField(confirm.error)}
          {codeField}
          <Button type="submit" busy={confirm.isPending}>
            {t("confirm")}
          </Button>
        </form>
      ) : null}

      {status.data?.enabled && !recoveryCodes ? (
        <div className="space-y-4">
          <p className="text-sm text-slate-600">{t("recoveryLeft", { count: status.data.recoveryCodesLeft })}</p>
          {status.data.required ? (
            <p className="text-sm text-slate-600">{t("cannotDisable")}</p>
          ) : (
            <form method="post" onSubmit={submitCode(disable)} className="space-y-4" noValidate>
              {disable.error && !wrongPassword(disable.error) ? <Alert>{explain(disable.error)}</Alert> : null}
              {passwordField(disable.error)}
              {codeField}
              <Button type="submit" variant="secondary" busy={disable.isPending}>
                {t("disable")}
              </Button>
            </form>
          )}
        </div>
      ) : null}
    </section>
  );
}
