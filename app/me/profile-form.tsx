"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { localeCookie, supportedLocales, type AppLocale } from "@/i18n/locale";
import { Button } from "../components/ui/button";
import { Alert } from "../components/ui/card";
import { Field, SelectInput, TextInput } from "../components/ui/field";
import { describeError } from "../lib/errors";
import { useTRPC } from "../lib/trpc";

export function ProfileForm({
  initial,
}: {
  initial: { displayName: string; organisation: string; locale: AppLocale };
}) {
  const t = useTranslations("me");
  const tLocale = useTranslations("locale");
  const tErrors = useTranslations("errors");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState(initial);
  const [missing, setMissing] = useState<string | null>(null);
  const save = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: (profile) => {
        document.cookie = `${localeCookie}=${profile.locale}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const blank = (["displayName", "organisation"] as const).find((field) => !form[field].trim());
    setMissing(blank ?? null);
    if (!blank) save.mutate(form);
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <h2 className="font-semibold">{t("details")}</h2>
      {save.error ? <Alert>{describeError(save.error, tErrors)}</Alert> : null}
      {save.isSuccess ? <Alert tone="success">{t("saved")}</Alert> : null}
      <Field
        label={t("displayName")}
        htmlFor="displayName"
        error={missing === "displayName" ? tCommon("required") : null}
      >
        <TextInput
          id="displayName"
          value={form.displayName}
          maxLength={80}
          invalid={missing === "displayName"}
          onChange={(e) => setForm({ ...form, displayName: e.target.value })}
        />
      </Field>
      <Field
        label={t("organisation")}
        htmlFor="organisation"
        error={missing === "organisation" ? tCommon("required") : null}
      >
        <TextInput
          id="organisation"
          value={form.organisation}
          maxLength={120}
          invalid={missing === "organisation"}
          onChange={(e) => setForm({ ...form, organisation: e.target.value })}
        />
      </Field>
      <Field label={t("locale")} htmlFor="locale">
        <SelectInput
          id="locale"
          value={form.locale}
          onChange={(e) => setForm({ ...form, locale: e.target.value as AppLocale })}
        >
          {supportedLocales.map((locale) => (
            <option key={locale} value={locale}>
              {tLocale(locale)}
            </option>
          ))}
        </SelectInput>
      </Field>
      <Button type="submit" busy={save.isPending}>
        {t("save")}
      </Button>
    </form>
  );
}
