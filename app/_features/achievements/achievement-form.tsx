"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { achievementLimits } from "@/shared/achievement-vocabulary";
import { achievementKinds, ipStatuses, transferModes, type TransferMode } from "@/shared/achievement-vocabulary";
import { Button, ButtonLink } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { errorData } from "../../lib/errors";
import { pick } from "../../lib/localized";
import type { RouterOutputs } from "../../lib/router-types";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

type Editing = RouterOutputs["achievements"]["get"];
const fieldNames = [
  "kind",
  "titleZh",
  "titleEn",
  "summaryZh",
  "summaryEn",
  "trl",
  "ipStatus",
  "ipNumber",
  "transferModes",
  "priceYuan",
  "sectors",
  "owners",
] as const;
type FieldName = (typeof fieldNames)[number];
const wholeNumber = /^\s*\d+\s*$/;

/**
 * The one achievement form: a new one, or an edit (`editing`) that carries the version it started
 * from. On a refusal nothing typed is lost and the server's reasons sit at their fields.
 */
export function AchievementForm({
  editing,
  defaultOwner,
}: {
  editing?: Editing;
  defaultOwner: { organisation: string; regionId: number };
}) {
  const t = useTranslations("achievements");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const [kind, setKind] = useState(editing?.kind ?? "patent");
  const [titleZh, setTitleZh] = useState(editing?.titleZh ?? "");
  const [titleEn, setTitleEn] = useState(editing?.titleEn ?? "");
  const [summaryZh, setSummaryZh] = useState(editing?.summaryZh ?? "");
  const [summaryEn, setSummaryEn] = useState(editing?.summaryEn ?? "");
  const [trl, setTrl] = useState(String(editing?.trl ?? 4));
  const [ipStatus, setIpStatus] = useState(editing?.ipStatus ?? "none");
  const [ipNumber, setIpNumber] = useState(editing?.ipNumber ?? "");
  const [modes, setModes] = useState<TransferMode[]>(editing?.transferModes ?? ["licence"]);
  const [price, setPrice] = useState(editing?.priceYuan ? String(editing.priceYuan) : "");
  const [sectors, setSectors] = useState(editing?.sectors.join(", ") ?? "");
  const [owners, setOwners] = useState(
    editing?.owners.map((o) => ({ organisation: o.organisation, regionId: o.region.id })) ?? [defaultOwner],
  );
  const [publish, setPublish] = useState(editing ? editing.status === "published" : true);
  const [withdraw, setWithdraw] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});

  const open = (id: number) => {
    void queryClient.invalidateQueries({ queryKey: trpc.achievements.pathKey() });
    router.push(`/achievements/${id}`);
    router.refresh();
  };
  const create = useMutation(trpc.achievements.create.mutationOptions({ onSuccess: (row) => open(row.id) }));
  const update = useMutation(trpc.achievements.update.mutationOptions({ onSuccess: (row) => open(row.id) }));
  const saving = editing ? update : create;
  const server = useServerErrors(saving.error, fieldNames);
  const reason = errorData(saving.error)?.reason;
  const shown: Partial<Record<FieldName, string>> = { ...errors };
  for (const field of fieldNames) shown[field] ??= server.at(field) ?? undefined;
  // The IP number rule is checked by the server too: its refusal belongs at that field.
  if (reason === "IP_NUMBER_REQUIRED") shown.ipNumber ??= server.banner ?? undefined;

  function validate() {
    const found: Partial<Record<FieldName, string>> = {};
    const required = tCommon("required");
    if (!titleZh.trim()) found.titleZh = required;
    if (!titleEn.trim()) found.titleEn = required;
    if (!summaryZh.trim()) found.summaryZh = required;
    if (!summaryEn.trim()) found.summaryEn = required;
    if (ipStatus !== "none" && !ipNumber.trim()) found.ipNumber = t("form.ipNumber");
    if (modes.length === 0) found.transferModes = t("form.needMode");
    if (price.trim() && (!wholeNumber.test(price) || Number(price) <= 0 || Number(price) > achievementLimits.yuanMax))
      found.priceYuan = t("form.wholeYuan");
    if (owners.some((o) => !o.organisation.trim())) found.owners = required;
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const fields = {
      kind,
      titleZh,
      titleEn,
      summaryZh,
      summaryEn,
      trl: Number(trl),
      ipStatus,
      ipNumber: ipStatus === "none" ? null : ipNumber,
      transferModes: modes,
      priceYuan: price.trim() ? Number(price) : null,
      sectors: sectors.split(/[,，、]/),
      owners,
      publish,
    };
    if (editing) update.mutate({ ...fields, achievementId: editing.id, baseVersion: editing.version, withdraw });
    else create.mutate({ ...fields, originProjectId: null });
  }

  const text = (id: FieldName, label: string, value: string, set: (v: string) => void, long = false) => (
    <Field label={label} htmlFor={`a-${id}`} error={shown[id]}>
      {long ? (
        <TextArea
          id={`a-${id}`}
          rows={4}
          value={value}
          onChange={(e) => set(e.target.value)}
          invalid={!!shown[id]}
          maxLength={achievementLimits.summaryMax}
        />
      ) : (
        <TextInput
          id={`a-${id}`}
          value={value}
          onChange={(e) => set(e.target.value)}
          invalid={!!shown[id]}
          maxLength={achievementLimits.titleMax}
        />
      )}
    </Field>
  );

  return (
    <Card>
      <form onSubmit={submit} noValidate className="space-y-4">
        {server.banner && reason !== "IP_NUMBER_REQUIRED" ? (
          <Alert>{reason === "ACHIEVEMENT_VERSION_CONFLICT" ? t("form.conflict") : server.banner}</Alert>
        ) : null}
        <Field label={t("form.kind")} htmlFor="a-kind">
          <SelectInput id="a-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            {achievementKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("titleZh", t("form.titleZh"), titleZh, setTitleZh)}
          {text("titleEn", t("form.titleEn"), titleEn, setTitleEn)}
          {text("summaryZh", t("form.summaryZh"), summaryZh, setSummaryZh, true)}
          {text("summaryEn", t("form.summaryEn"), summaryEn, setSummaryEn, true)}
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label={t("form.trl")} htmlFor="a-trl" hint={t("form.trlHint")}>
            <SelectInput id="a-trl" value={trl} onChange={(e) => setTrl(e.target.value)}>
              {Array.from({ length: 9 }, (_, i) => i + 1).map((level) => (
                <option key={level} value={level}>
                  {level}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("form.ipStatus")} htmlFor="a-ipStatus">
            <SelectInput
              id="a-ipStatus"
              value={ipStatus}
              onChange={(e) => setIpStatus(e.target.value as typeof ipStatus)}
            >
              {ipStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`ip.${s}`)}
                </option>
              ))}
            </SelectInput>
          </Field>
          {ipStatus !== "none" ? (
            <Field label={t("form.ipNumber")} htmlFor="a-ipNumber" error={shown.ipNumber}>
              <TextInput
                id="a-ipNumber"
                value={ipNumber}
                onChange={(e) => setIpNumber(e.target.value)}
                invalid={!!shown.ipNumber}
                maxLength={achievementLimits.ipNumberMax}
              />
            </Field>
          ) : null}
        </div>
        <fieldset className="space-y-1" aria-describedby={shown.transferModes ? "a-modes-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">{t("form.modes")}</legend>
          <div className="flex flex-wrap gap-4">
            {transferModes.map((mode) => (
              <label key={mode} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={modes.includes(mode)}
                  onChange={() => setModes(modes.includes(mode) ? modes.filter((m) => m !== mode) : [...modes, mode])}
                />
                {t(`modes.${mode}`)}
              </label>
            ))}
          </div>
          {shown.transferModes ? (
            <p id="a-modes-error" className="text-sm text-red-700">
              {shown.transferModes}
            </p>
          ) : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t("form.price")} htmlFor="a-priceYuan" error={shown.priceYuan} hint={t("form.priceHint")}>
            <TextInput
              id="a-priceYuan"
              inputMode="numeric"
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              invalid={!!shown.priceYuan}
            />
          </Field>
          <Field label={t("form.sectors")} htmlFor="a-sectors" error={shown.sectors} hint={t("form.sectorsHint")}>
            <TextInput id="a-sectors" value={sectors} onChange={(e) => setSectors(e.target.value)} maxLength={400} />
          </Field>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t("owners")}</legend>
          <p className="text-xs text-slate-500">{t("form.ownersHint")}</p>
          {owners.map((owner, i) => (
            <div key={i} className="grid gap-2 sm:grid-cols-[1fr_12rem_auto]">
              <TextInput
                id={i === 0 ? "a-owners" : undefined}
                aria-label={`${t("form.organisation")} ${i + 1}`}
                value={owner.organisation}
                onChange={(e) =>
                  setOwners(owners.map((o, j) => (j === i ? { ...o, organisation: e.target.value } : o)))
                }
                invalid={!!shown.owners && !owner.organisation.trim()}
                maxLength={achievementLimits.organisationMax}
              />
              <SelectInput
                aria-label={`${t("form.region")} ${i + 1}`}
                value={owner.regionId}
                onChange={(e) =>
                  setOwners(owners.map((o, j) => (j === i ? { ...o, regionId: Number(e.target.value) } : o)))
                }
              >
                {regions.clusters.map((cluster) => (
                  <optgroup key={cluster.id} label={pick(locale, cluster, "name")}>
                    {cluster.regions.map((r) => (
                      <option key={r.id} value={r.id}>
                        {pick(locale, r, "name")}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </SelectInput>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                disabled={owners.length === 1}
                onClick={() => setOwners(owners.filter((_, j) => j !== i))}
              >
                {t("form.removeOwner")}
              </Button>
            </div>
          ))}
          {shown.owners ? <p className="text-sm text-red-700">{shown.owners}</p> : null}
          {owners.length < achievementLimits.ownersMax ? (
            <Button type="button" variant="secondary" size="sm" onClick={() => setOwners([...owners, defaultOwner])}>
              {t("form.addOwner")}
            </Button>
          ) : null}
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} />
          {t("form.publish")}
        </label>
        {editing && editing.status === "published" ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={withdraw} onChange={(e) => setWithdraw(e.target.checked)} />
            {t("form.withdraw")}
          </label>
        ) : null}
        <div className="flex gap-2">
          <Button type="submit" busy={saving.isPending}>
            {editing ? t("form.save") : t("form.create")}
          </Button>
          <ButtonLink variant="secondary" href={editing ? `/achievements/${editing.id}` : "/achievements"}>
            {t("form.cancel")}
          </ButtonLink>
        </div>
      </form>
    </Card>
  );
}
