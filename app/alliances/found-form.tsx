"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { allianceLimits, type ChainRole } from "@/shared/alliance-vocabulary";
import { ChainRoleSelect } from "@/app/_features/alliances/chain-role-select";
import { Button } from "../components/ui/button";
import { Alert } from "../components/ui/card";
import { Field, TextInput } from "../components/ui/field";
import { TextArea } from "../components/ui/text-area";
import { describeError } from "../lib/errors";
import { useTRPC } from "../lib/trpc";

/** Founds an alliance for the organisation the person acts for, which joins in the chosen chain role. */
export function FoundAllianceForm({ organisationName }: { organisationName: string }) {
  const t = useTranslations("alliances.found");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const router = useRouter();
  const [fields, setFields] = useState({
    nameZh: "",
    nameEn: "",
    descriptionZh: "",
    descriptionEn: "",
    sectors: "",
    contribution: "",
  });
  const [chainRole, setChainRole] = useState<ChainRole>("design");
  const found = useMutation(
    trpc.alliances.found.mutationOptions({ onSuccess: (alliance) => router.push(`/alliances/${alliance.id}`) }),
  );
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    found.mutate({
      ...fields,
      sectors: fields.sectors
        .split(/[,，、]/)
        .map((s) => s.trim())
        .filter(Boolean),
      chainRole,
    });
  };
  return (
    <form onSubmit={submit} className="space-y-3" aria-label={t("heading")}>
      <p className="text-sm text-slate-600">{organisationName}</p>
      <Field label={t("nameZh")} htmlFor="found-name-zh">
        <TextInput
          id="found-name-zh"
          required
          maxLength={allianceLimits.nameMax}
          value={fields.nameZh}
          onChange={set("nameZh")}
        />
      </Field>
      <Field label={t("nameEn")} htmlFor="found-name-en">
        <TextInput
          id="found-name-en"
          required
          maxLength={allianceLimits.nameMax}
          value={fields.nameEn}
          onChange={set("nameEn")}
        />
      </Field>
      <Field label={t("descriptionZh")} htmlFor="found-description-zh">
        <TextArea
          id="found-description-zh"
          rows={2}
          maxLength={allianceLimits.descriptionMax}
          value={fields.descriptionZh}
          onChange={set("descriptionZh")}
        />
      </Field>
      <Field label={t("descriptionEn")} htmlFor="found-description-en">
        <TextArea
          id="found-description-en"
          rows={2}
          maxLength={allianceLimits.descriptionMax}
          value={fields.descriptionEn}
          onChange={set("descriptionEn")}
        />
      </Field>
      <Field label={t("sectors")} htmlFor="found-sectors" hint={t("sectorsHint")}>
        <TextInput id="found-sectors" value={fields.sectors} onChange={set("sectors")} />
      </Field>
      <Field label={t("chainRole")} htmlFor="found-chain-role">
        <ChainRoleSelect id="found-chain-role" value={chainRole} onChange={setChainRole} />
      </Field>
      <Field label={t("contribution")} htmlFor="found-contribution">
        <TextInput
          id="found-contribution"
          maxLength={allianceLimits.contributionMax}
          value={fields.contribution}
          onChange={set("contribution")}
        />
      </Field>
      {found.isError ? <Alert>{describeError(found.error, tErrors)}</Alert> : null}
      <Button type="submit" disabled={found.isPending}>
        {t("submit")}
      </Button>
    </form>
  );
}
