"use client";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useDeferredValue, useState, type FormEvent } from "react";
import type { AllianceMemberView } from "@/server/features/alliances/events";
import { allianceLimits, type ChainRole } from "@/shared/alliance-vocabulary";
import { ChainRoleSelect } from "@/app/_features/alliances/chain-role-select";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card } from "../../components/ui/card";
import { useConfirm } from "../../components/ui/confirm-dialog";
import { Field, SelectInput, TextInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { pick } from "../../lib/localized";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

/** Open invitations; the invited organisation's people (and admins) answer them here. The page's cache follows the stream. */
export function InvitationsPanel({
  invited,
  myOrganisationId,
  isAdmin,
}: {
  invited: AllianceMemberView[];
  myOrganisationId: number | null;
  isAdmin: boolean;
}) {
  const t = useTranslations("alliances");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const confirm = useConfirm();
  const regions = useRegions();
  const [contribution, setContribution] = useState("");
  const answer = useMutation(trpc.alliances.answer.mutationOptions());
  return (
    <Card>
      <h2 id="invitations" className="mb-3 scroll-mt-20 font-semibold text-slate-900">
        {t("detail.invitations")}
      </h2>
      {invited.length === 0 ? (
        <p className="text-sm text-slate-600">{t("detail.noInvitations")}</p>
      ) : (
        <ul className="space-y-3" data-testid="invitations">
          {invited.map((m) => {
            const mayAnswer = isAdmin || m.organisationId === myOrganisationId;
            return (
              <li key={m.id} className="space-y-2 rounded border border-slate-200 p-3">
                <div className="flex flex-wrap items-baseline gap-2">
                  <span className="font-medium text-slate-800">{pick(locale, m, "name")}</span>
                  <span className="text-sm text-slate-500">{regions.name(m.regionId)}</span>
                  <Badge tone="amber">{t(`chain.${m.chainRole}`)}</Badge>
                </div>
                {m.contribution ? <p className="text-sm text-slate-700">{m.contribution}</p> : null}
                {mayAnswer ? (
                  <div className="space-y-2">
                    <Field label={t("detail.contributionOnAccept")} htmlFor={`contribution-${m.id}`}>
                      <TextInput
                        id={`contribution-${m.id}`}
                        maxLength={allianceLimits.contributionMax}
                        value={contribution}
                        onChange={(e) => setContribution(e.target.value)}
                      />
                    </Field>
                    <div className="flex flex-wrap gap-2">
                      <Button
                        size="sm"
                        busy={answer.isPending}
                        onClick={() => answer.mutate({ memberId: m.id, accept: true, contribution })}
                      >
                        {t("detail.accept")}
                      </Button>
                      <Button
                        size="sm"
                        variant="secondary"
                        disabled={answer.isPending}
                        onClick={async () => {
                          if (await confirm({ message: t("detail.confirmDecline") }))
                            answer.mutate({ memberId: m.id, accept: false, contribution: "" });
                        }}
                      >
                        {t("detail.decline")}
                      </Button>
                    </div>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {answer.isError ? <Alert>{describeError(answer.error, tErrors)}</Alert> : null}
    </Card>
  );
}

/** A member invites an organisation found by name, in a chain role. */
export function InviteForm({ allianceId }: { allianceId: number }) {
  const t = useTranslations("alliances.detail");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const regions = useRegions();
  const [search, setSearch] = useState("");
  const query = useDeferredValue(search.trim());
  const [organisationId, setOrganisationId] = useState<number | null>(null);
  const [chainRole, setChainRole] = useState<ChainRole>("design");
  const [contribution, setContribution] = useState("");
  const found = useQuery({
    ...trpc.organisations.list.queryOptions({ query, regionId: null }),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
  });
  const invite = useMutation(
    trpc.alliances.invite.mutationOptions({
      onSuccess: () => {
        setOrganisationId(null);
        setContribution("");
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen !== null) invite.mutate({ allianceId, organisationId: chosen, chainRole, contribution });
  };
  const options = query ? (found.data ?? []) : [];
  // A choice counts only while the current search lists it: a new search can drop it from the list, and
  // the form must not then invite an organisation the person can no longer see.
  const chosen = options.some((o) => o.id === organisationId) ? organisationId : null;
  return (
    <Card>
      <h2 className="mb-3 font-semibold text-slate-900">{t("invite")}</h2>
      <form onSubmit={submit} className="space-y-3" aria-label={t("invite")}>
        <Field label={t("inviteSearch")} htmlFor="invite-search">
          <TextInput id="invite-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </Field>
        <Field label={t("inviteChoose")} htmlFor="invite-organisation">
          <SelectInput
            id="invite-organisation"
            required
            value={chosen ?? ""}
            // The previous search's organisations stay listed while the new one runs (no flicker), but
            // cannot be picked: choosing one then invited an organisation the person had moved on from.
            disabled={found.isPlaceholderData}
            aria-busy={found.isFetching}
            onChange={(e) => setOrganisationId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{t("inviteChoosePlaceholder")}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {pick(locale, o, "name")}（{regions.name(o.region.id)}）
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field label={t("inviteRole")} htmlFor="invite-role">
          <ChainRoleSelect id="invite-role" value={chainRole} onChange={setChainRole} />
        </Field>
        <Field label={t("inviteContribution")} htmlFor="invite-contribution">
          <TextInput
            id="invite-contribution"
            maxLength={allianceLimits.contributionMax}
            value={contribution}
            onChange={(e) => setContribution(e.target.value)}
          />
        </Field>
        {invite.isError ? <Alert>{describeError(invite.error, tErrors)}</Alert> : null}
        {invite.isSuccess ? <Alert tone="success">{t("invited")}</Alert> : null}
        <Button type="submit" busy={invite.isPending} disabled={chosen === null}>
          {t("inviteSubmit")}
        </Button>
      </form>
    </Card>
  );
}
