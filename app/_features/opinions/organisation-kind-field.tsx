"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { organisationKinds, type OrganisationKind } from "@/shared/opinion-vocabulary";
import { Field, SelectInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";

/** The profile's kind of organisation, saved on change; used only in aggregate on opinion maps. */
export function OrganisationKindField() {
  const t = useTranslations("opinions");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.opinions.myOrganisationKind.queryOptions());
  const save = useMutation(
    trpc.opinions.setOrganisationKind.mutationOptions({
      onSuccess: ({ kind }) => queryClient.setQueryData(trpc.opinions.myOrganisationKind.queryKey(), kind),
    }),
  );
  return (
    <Field
      label={t("profile.label")}
      htmlFor="organisation-kind"
      hint={t("profile.hint")}
      error={save.error ? describeError(save.error, tErrors) : null}
    >
      <SelectInput
        id="organisation-kind"
        value={current.data ?? ""}
        disabled={current.isPending || save.isPending}
        onChange={(e) => save.mutate({ kind: (e.target.value || null) as OrganisationKind | null })}
      >
        <option value="">{t("profile.none")}</option>
        {organisationKinds.map((k) => (
          <option key={k} value={k}>
            {t(`kinds.${k}`)}
          </option>
        ))}
      </SelectInput>
      {save.isSuccess ? (
        <span className="text-xs text-emerald-700" role="status">
          {t("profile.saved")}
        </span>
      ) : null}
    </Field>
  );
}
