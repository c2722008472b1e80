"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { organisationTypes, regionStrengths } from "@/shared/achievement-vocabulary";
import { useRegionLabel } from "@/app/_features/achievements/achievement-bits";
import { Alert, Card, Skeleton } from "../../components/ui/card";
import { SelectInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";

/** The admin's two small tables: each city's strength (the region bonus) and who speaks for an enterprise. */
export function SettingsPanels() {
  const t = useTranslations("achievements");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regionName = useRegionLabel();
  const strengths = useQuery(trpc.achievements.regionStrengths.queryOptions());
  const types = useQuery(trpc.achievements.organisationTypes.queryOptions());
  const setStrength = useMutation(
    trpc.achievements.setRegionStrength.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.achievements.regionStrengths.queryKey() }),
    }),
  );
  const setType = useMutation(
    trpc.achievements.setOrganisationType.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.achievements.organisationTypes.queryKey() }),
    }),
  );
  const failure = setStrength.error ?? setType.error;
  return (
    <div className="space-y-6">
      {failure ? <Alert>{describeError(failure, tErrors)}</Alert> : null}
      {setStrength.isSuccess || setType.isSuccess ? <Alert tone="success">{t("settings.saved")}</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-3 font-semibold text-slate-900">{t("settings.strengths")}</h2>
          {!strengths.data ? (
            <Skeleton />
          ) : (
            <ul className="space-y-2">
              {strengths.data.map((row) => (
                <li key={row.region.id} className="flex items-center justify-between gap-3">
                  <label htmlFor={`strength-${row.region.id}`} className="text-sm text-slate-700">
                    {regionName(row.region)}
                  </label>
                  <div className="w-48">
                    <SelectInput
                      id={`strength-${row.region.id}`}
                      value={row.strength ?? ""}
                      onChange={(e) =>
                        e.target.value &&
                        setStrength.mutate({
                          regionId: row.region.id,
                          strength: e.target.value as (typeof regionStrengths)[number],
                        })
                      }
                    >
                      <option value="">{t("strengths.unset")}</option>
                      {regionStrengths.map((s) => (
                        <option key={s} value={s}>
                          {t(`strengths.${s}`)}
                        </option>
                      ))}
                    </SelectInput>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <h2 className="mb-3 font-semibold text-slate-900">{t("settings.orgTypes")}</h2>
          {!types.data ? (
            <Skeleton />
          ) : (
            <ul className="space-y-2">
              {types.data.map((row) => (
                <li key={row.id} className="flex items-center justify-between gap-3">
                  <label htmlFor={`orgtype-${row.id}`} className="text-sm text-slate-700">
                    {row.displayName}
                    <span className="block text-xs text-slate-500">{row.organisation}</span>
                  </label>
                  <div className="w-48">
                    <SelectInput
                      id={`orgtype-${row.id}`}
                      value={row.organisationType ?? ""}
                      onChange={(e) =>
                        setType.mutate({
                          accountId: row.id,
                          organisationType: (e.target.value || null) as (typeof organisationTypes)[number] | null,
                        })
                      }
                    >
                      <option value="">{t("orgTypes.unset")}</option>
                      {organisationTypes.map((s) => (
                        <option key={s} value={s}>
                          {t(`orgTypes.${s}`)}
                        </option>
                      ))}
                    </SelectInput>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
