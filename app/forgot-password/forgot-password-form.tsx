"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../components/ui/button";
import { Alert } from "../components/ui/card";
import { Field, TextInput } from "../components/ui/field";
import { useServerErrors } from "../lib/server-errors";
import { useTRPC } from "../lib/trpc";

export function ForgotPasswordForm() {
  const t = useTranslations("recovery");
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const request = useMutation(trpc.recovery.request.mutationOptions());
  const server = useServerErrors(request.error, ["email"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    request.mutate({ email });
  }

  if (request.isSuccess) return <Alert tone="success">{t("sent")}</Alert>;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {server.banner ? <Alert>{server.banner}</Alert> : null}
      <Field label={t("email")} htmlFor="email" error={server.at("email")}>
        <TextInput
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          invalid={!!server.at("email")}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>
      <Button type="submit" busy={request.isPending} className="w-full">
        {t("send")}
      </Button>
    </form>
  );
}
