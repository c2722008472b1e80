"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { Field, TextInput } from "../../components/ui/field";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("recovery");
  const tInvite = useTranslations("invite");
  const trpc = useTRPC();
  const [newPassword, setNewPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation(trpc.recovery.reset.mutationOptions());
  const server = useServerErrors(reset.error, ["newPassword"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setMismatch(newPassword !== confirm);
    if (newPassword === confirm) reset.mutate({ token, newPassword });
  }

  if (reset.isSuccess) {
    return (
      <div className="space-y-4">
        <Alert tone="success">{t("done")}</Alert>
        <Link href="/sign-in" className="text-brand-700 underline">
          {t("signIn")}
        </Link>
      </div>
    );
  }
  const passwordError = server.at("newPassword");
  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      {server.banner ? <Alert>{server.banner}</Alert> : null}
      <Field label={t("newPassword")} htmlFor="newPassword" hint={tInvite("passwordHint")} error={passwordError}>
        <TextInput
          id="newPassword"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          invalid={!!passwordError}
          onChange={(e) => setNewPassword(e.target.value)}
        />
      </Field>
      <Field label={t("confirmPassword")} htmlFor="confirm" error={mismatch ? t("mismatch") : null}>
        <TextInput
          id="confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          invalid={mismatch}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </Field>
      <Button type="submit" busy={reset.isPending} className="w-full">
        {t("save")}
      </Button>
    </form>
  );
}
