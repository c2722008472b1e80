"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { achievementLimits } from "@/shared/achievement-vocabulary";
import { transferModes, type TransferMode } from "@/shared/achievement-vocabulary";
import { RegionOptions } from "../../components/region-options";
import { Button } from "../../components/ui/button";
import { Alert } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

const fields = ["mode", "buyerOrganisation", "buyerRegionId", "valueYuan", "signedOn"] as const;

/** An owner records a signed transfer; from an enquiry the buyer is its asker (who alone may agree to publish the value). */
export function TransferForm({
  achievementId,
  enquiry,
}: {
  achievementId: number;
  enquiry: { id: number; organisation: string; regionId: number } | null;
}) {
  const t = useTranslations("achievements");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<TransferMode>("licence");
  const [buyer, setBuyer] = useState(enquiry?.organisation ?? "");
  const [regionId, setRegionId] = useState(enquiry?.regionId ?? 0);
  const [value, setValue] = useState("");
  const [publish, setPublish] = useState(false);
  const [signedOn, setSignedOn] = useState(new Date().toISOString().slice(0, 10));
  const [errors, setErrors] = useState<Partial<Record<(typeof fields)[number], string>>>({});
  const record = useMutation(
    trpc.achievements.recordTransfer.mutationOptions({
      onSuccess: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.achievements.transfers.queryKey({ achievementId }) }),
    }),
  );
  const server = useServerErrors(record.error, fields);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!buyer.trim()) found.buyerOrganisation = tCommon("required");
    if (!regionId) found.buyerRegionId = tCommon("required");
    if (value.trim() && !/^\s*\d+\s*$/.test(value)) found.valueYuan = t("form.wholeYuan");
    if (!signedOn) found.signedOn = tCommon("required");
    setErrors(found);
    if (Object.keys(found).length) return;
    record.mutate({
      achievementId,
      enquiryId: enquiry?.id ?? null,
      mode,
      buyerOrganisation: buyer,
      buyerRegionId: regionId,
      valueYuan: value.trim() ? Number(value) : null,
      publishValue: publish,
      signedOn,
    });
  }
  const at = (f: (typeof fields)[number]) => errors[f] ?? server.at(f) ?? undefined;

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={t("transfer.heading")}>
      <h3 className="font-medium text-slate-900">{t("transfer.heading")}</h3>
      {server.banner ? <Alert>{server.banner}</Alert> : null}
      {record.isSuccess ? <Alert tone="success">{t("transfer.recorded")}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("transfer.mode")} htmlFor="t-mode">
          <SelectInput id="t-mode" value={mode} onChange={(e) => setMode(e.target.value as TransferMode)}>
            {/* A new joint project comes from negotiated terms, which name the regions party to it. */}
            {transferModes
              .filter((m) => m !== "joint_project")
              .map((m) => (
                <option key={m} value={m}>
                  {t(`modes.${m}`)}
                </option>
              ))}
          </SelectInput>
        </Field>
        <Field label={t("transfer.signedOn")} htmlFor="t-signedOn" error={at("signedOn")}>
          <TextInput
            id="t-signedOn"
            type="date"
            value={signedOn}
            onChange={(e) => setSignedOn(e.target.value)}
            invalid={!!at("signedOn")}
          />
        </Field>
        <Field label={t("transfer.buyer")} htmlFor="t-buyerOrganisation" error={at("buyerOrganisation")}>
          <TextInput
            id="t-buyerOrganisation"
            value={buyer}
            onChange={(e) => setBuyer(e.target.value)}
            invalid={!!at("buyerOrganisation")}
            maxLength={achievementLimits.organisationMax}
          />
        </Field>
        <Field label={t("transfer.buyerRegion")} htmlFor="t-buyerRegionId" error={at("buyerRegionId")}>
          <SelectInput
            id="t-buyerRegionId"
            value={regionId || ""}
            onChange={(e) => setRegionId(Number(e.target.value))}
          >
            <option value="">—</option>
            <RegionOptions activeOnly />
          </SelectInput>
        </Field>
        <Field label={t("transfer.value")} htmlFor="t-valueYuan" error={at("valueYuan")}>
          <TextInput
            id="t-valueYuan"
            inputMode="numeric"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            invalid={!!at("valueYuan")}
          />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} />
        {t("transfer.publish")}
      </label>
      <Button type="submit" busy={record.isPending}>
        {t("transfer.record")}
      </Button>
    </form>
  );
}
