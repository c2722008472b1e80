"use client";
import { useMutation } from "@tanstack/react-query";
import { signInWith } from "../../lib/auth-client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { Field, TextInput } from "../../components/ui/field";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

export function RedeemForm({
  token,
  email,
  organisation: invitedOrganisation,
}: {
  token: string;
  email: string;
  organisation: string;
}) {
  const t = useTranslations("invite");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const [displayName, setDisplayName] = useState("");
  const [organisation, setOrganisation] = useState(invitedOrganisation);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [localError, setLocalError] = useState<{ field: string; message: string } | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const redeem = useMutation(
    trpc.invitations.redeem.mutationOptions({
      onSuccess: async () => {
        setSigningIn(true);
        const result = await signInWith("credentials", { email, password });
        window.location.assign(result?.ok ? "/" : "/sign-in");
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setLocalError(null);
    if (!displayName.trim()) return setLocalError({ field: "displayName", message: tCommon("required") });
    if (!organisation.trim()) return setLocalError({ field: "organisation", message: tCommon("required") });
    if (password.length < 12) return setLocalError({ field: "password", message: t("passwordHint") });
    if (password !== confirm) return setLocalError({ field: "confirm", message: t("mismatch") });
    redeem.mutate({ token, displayName, organisation, password });
  }

  const server = useServerErrors(redeem.error, ["displayName", "organisation", "password"]);
  const fieldError = (field: string) => (localError?.field === field ? localError.message : server.at(field));
  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      {server.banner ? <Alert>{server.banner}</Alert> : null}
      {signingIn ? <Alert tone="success">{t("created")}</Alert> : null}
      <Field label={t("email")} htmlFor="email">
        <TextInput id="email" type="email" value={email} readOnly disabled autoComplete="username" />
      </Field>
      <Field
        label={t("displayName")}
        htmlFor="displayName"
        hint={t("displayNameHint")}
        error={fieldError("displayName")}
      >
        <TextInput
          id="displayName"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          invalid={!!fieldError("displayName")}
          maxLength={80}
          required
        />
      </Field>
      <Field label={t("organisation")} htmlFor="organisation" error={fieldError("organisation")}>
        <TextInput
          id="organisation"
          value={organisation}
          onChange={(e) => setOrganisation(e.target.value)}
          invalid={!!fieldError("organisation")}
          maxLength={120}
          required
        />
      </Field>
      <Field label={t("password")} htmlFor="password" hint={t("passwordHint")} error={fieldError("password")}>
        <TextInput
          id="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          invalid={!!fieldError("password")}
          required
        />
      </Field>
      <Field label={t("confirmPassword")} htmlFor="confirm" error={fieldError("confirm")}>
        <TextInput
          id="confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          invalid={!!fieldError("confirm")}
          required
        />
      </Field>
      <Button type="submit" busy={redeem.isPending || signingIn} className="w-full">
        {t("submit")}
      </Button>
    </form>
  );
}
