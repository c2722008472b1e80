"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../components/ui/button";
import { Alert } from "../components/ui/card";
import { Field, TextInput } from "../components/ui/field";
import { useServerErrors } from "../lib/server-errors";
import { signOut } from "../lib/auth-client";
import { errorData } from "../lib/errors";
import { useTRPC } from "../lib/trpc";

export function PasswordForm() {
  const t = useTranslations("me");
  const tInvite = useTranslations("invite");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      // The change ends every session, this one too: sign in again with the new password.
      onSuccess: () => void signOut("/sign-in?ended=1"),
    }),
  );

  const server = useServerErrors(change.error, ["currentPassword", "newPassword"]);
  const newPasswordError = tooShort ? tInvite("passwordHint") : server.at("newPassword");
  // A wrong current password is shown at its field.
  const wrongPassword = errorData(change.error)?.reason === "WRONG_PASSWORD";

  function submit(event: FormEvent) {
    event.preventDefault();
    setTooShort(newPassword.length < 12);
    if (newPassword.length >= 12) change.mutate({ currentPassword, newPassword });
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      <h2 className="font-semibold">{t("password")}</h2>
      {server.banner && !wrongPassword ? <Alert>{server.banner}</Alert> : null}
      {change.isSuccess ? <Alert tone="success">{t("passwordChanged")}</Alert> : null}
      <Field
        label={t("currentPassword")}
        htmlFor="currentPassword"
        error={wrongPassword ? tErrors("reasons.WRONG_PASSWORD") : server.at("currentPassword")}
      >
        <TextInput
          id="currentPassword"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          invalid={wrongPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
        />
      </Field>
      <Field label={t("newPassword")} htmlFor="newPassword" hint={tInvite("passwordHint")} error={newPasswordError}>
        <TextInput
          id="newPassword"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          invalid={!!newPasswordError}
          onChange={(e) => setNewPassword(e.target.value)}
        />
      </Field>
      <Button type="submit" variant="secondary" busy={change.isPending}>
        {t("changePassword")}
      </Button>
    </form>
  );
}
