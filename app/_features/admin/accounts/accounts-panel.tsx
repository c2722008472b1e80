"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { isIndefinite } from "@/server/features/moderation/rules/moderation";
import { roles, type Role } from "@/shared/vocabulary";
import { Button } from "@/app/components/ui/button";
import { Alert, Badge, Card, EmptyState, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput, TextInput } from "@/app/components/ui/field";
import { RegionOptions } from "@/app/components/region-options";
import {
  accountsAt,
  applyAccountListEvent,
  nextAccountChange,
  withAccount,
  type AccountListView,
} from "@/app/lib/live/account-list";
import { settleOwnRow } from "@/app/lib/live/keyed-list";
import { useLiveQuery } from "@/app/lib/use-live-query";
import { useClockStates } from "@/app/lib/use-clock-states";
import type { RouterOutputs } from "@/app/lib/router-types";
import { useTRPC } from "@/app/lib/trpc";
import { SendResetLink } from "./recovery-actions";
import { useRegions } from "@/app/lib/use-regions";
import { describeModerationError } from "../../moderation/errors";
import { useConfirm } from "@/app/components/ui/confirm-dialog";
import { streamKey } from "@/server/domain/stream-access";
import type { ListedAccount } from "@/server/features/admin/events";
import type { LiveEvent } from "@/server/infra/realtime/events";

type AccountRow = RouterOutputs["admin"]["accounts"]["accounts"][number];
type Settle = (answer: { account: ListedAccount | null; headSeq: number }) => void;
const durations = [1, 3, 7, 30, 90] as const;

export function AccountsPanel({ viewerId }: { viewerId: number }) {
  const t = useTranslations("adminConsole.accounts");
  const tRoles = useTranslations("roles");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [regionId, setRegionId] = useState<number | "">("");
  const [suspendedOnly, setSuspendedOnly] = useState(false);
  const filter = useMemo(
    () => ({ query, role: role || null, regionId: regionId || null, suspendedOnly }),
    [query, role, regionId, suspendedOnly],
  );
  const list = useQuery(trpc.admin.accounts.queryOptions(filter));
  const queryKey = useMemo(() => trpc.admin.accounts.queryKey(filter), [trpc, filter]);
  const apply = useCallback(
    (view: AccountListView, event: LiveEvent) => applyAccountListEvent(view, filter, event),
    [filter],
  );
  // Suspensions too are told on the admin stream (account:updated), so the list follows that one only.
  useLiveQuery(queryKey, streamKey({ kind: "admin" }), list.data, apply);
  // A suspension's end has no event: the row turns unsuspended at its instant, when sign-in lets the person in.
  const atNow = useCallback((view: AccountListView, now: Date) => accountsAt(view, filter, now), [filter]);
  useClockStates(queryKey, list.data, atNow, nextAccountChange);
  // An own change's answer is the account's row read after its commit, set in place of a read.
  const settle = useCallback(
    (answer: { account: ListedAccount | null; headSeq: number }) => {
      let refetch = false;
      queryClient.setQueryData(queryKey, (view) =>
        settleOwnRow(view, answer, (held) => {
          if (!answer.account) return held;
          const applied = withAccount(held, filter, answer.account);
          refetch = applied.refetch;
          return applied.view;
        }),
      );
      if (refetch) void queryClient.invalidateQueries({ queryKey });
    },
    [queryClient, queryKey, filter],
  );

  return (
    <div className="space-y-4">
      <Card>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Field label={t("search")} htmlFor="acc-q">
            <TextInput id="acc-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </Field>
          <Field label={t("role")} htmlFor="acc-role">
            <SelectInput id="acc-role" value={role} onChange={(e) => setRole(e.target.value as Role | "")}>
              <option value="">{t("anyRole")}</option>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {tRoles(r)}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("region")} htmlFor="acc-region">
            <SelectInput
              id="acc-region"
              value={regionId}
              onChange={(e) => setRegionId(e.target.value ? Number(e.target.value) : "")}
            >
              <option value="">{t("anyRegion")}</option>
              <RegionOptions />
            </SelectInput>
          </Field>
          <label className="flex items-center gap-2 self-end pb-2 text-sm">
            <input type="checkbox" checked={suspendedOnly} onChange={(e) => setSuspendedOnly(e.target.checked)} />
            {t("suspendedOnly")}
          </label>
        </div>
      </Card>
      {list.isPending ? (
        <Card>
          <Skeleton lines={6} />
        </Card>
      ) : list.error ? (
        <Alert>{list.error.message}</Alert>
      ) : list.data.accounts.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="space-y-2" data-testid="admin-accounts">
          {list.data.accounts.map((account) => (
            <li key={account.id}>
              <AccountRowView account={account} self={account.id === viewerId} onChanged={settle} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AccountRowView({ account, self, onChanged }: { account: AccountRow; self: boolean; onChanged: Settle }) {
  const confirm = useConfirm();
  const t = useTranslations("adminConsole.accounts");
  const tm = useTranslations("moderation");
  const tRoles = useTranslations("roles");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const regions = useRegions();
  const [open, setOpen] = useState<"edit" | "suspend" | "lift" | null>(null);
  const [role, setRole] = useState<Role>(account.role);
  const [regionId, setRegionId] = useState<number>(account.regionId);
  const [organisation, setOrganisation] = useState(account.organisation);
  const [reason, setReason] = useState("");
  const [days, setDays] = useState<number | "">(7);
  const [saved, setSaved] = useState(false);
  const done: Settle = (answer) => {
    setOpen(null);
    setReason("");
    setSaved(true);
    onChanged(answer);
  };
  const update = useMutation(trpc.admin.updateAccount.mutationOptions({ onSuccess: done }));
  const suspend = useMutation(trpc.moderation.suspend.mutationOptions({ onSuccess: done }));
  const lift = useMutation(trpc.moderation.lift.mutationOptions({ onSuccess: done }));
  const chair = useMutation(trpc.admin.setChair.mutationOptions({ onSuccess: done }));
  const error = update.error ?? suspend.error ?? lift.error ?? chair.error;

  return (
    <Card className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{account.displayName}</span>
        <Badge tone="brand">{tRoles(account.role)}</Badge>
        {account.chair ? <Badge tone="amber">{t("chair")}</Badge> : null}
        <span className="text-slate-600">{regions.name(account.regionId)}</span>
        <span className="min-w-0 truncate text-slate-500">{account.email}</span>
        {account.suspended ? (
          <Badge tone="red">
            {account.suspendedUntil && isIndefinite(new Date(account.suspendedUntil))
              ? tm("suspendedIndefinitely")
              : tm("suspendedUntil", { date: format.dateTime(account.suspendedUntil!, { dateStyle: "medium" }) })}
          </Badge>
        ) : null}
        <span className="ml-auto flex gap-1">
          <Button
            size="sm"
            variant="secondary"
            onClick={() => setOpen(open === "edit" ? null : "edit")}
            aria-expanded={open === "edit"}
          >
            {t("edit")}
          </Button>
          {/* The chair opens and closes ballots; only a member holds it (ballot-governance.ts). */}
          {account.role === "member" || account.chair ? (
            <Button
              size="sm"
              variant="secondary"
              busy={chair.isPending}
              onClick={async () =>
                (await confirm({
                  message: account.chair
                    ? t("chairRevokeConfirm", { name: account.displayName })
                    : t("chairGrantConfirm", { name: account.displayName }),
                })) && chair.mutate({ accountId: account.id, chair: !account.chair })
              }
            >
              {account.chair ? t("chairRevoke") : t("chairGrant")}
            </Button>
          ) : null}
          {!self ? <SendResetLink accountId={account.id} email={account.email} /> : null}
          {!self ? (
            account.suspended ? (
              <Button size="sm" variant="secondary" onClick={() => setOpen(open === "lift" ? null : "lift")}>
                {tm("actions.lift")}
              </Button>
            ) : (
              <Button size="sm" variant="danger" onClick={() => setOpen(open === "suspend" ? null : "suspend")}>
                {tm("actions.suspend")}
              </Button>
            )
          ) : null}
        </span>
      </div>
      <p className="text-slate-600">{account.organisation}</p>
      {saved && !open ? <Alert tone="success">{t("saved")}</Alert> : null}
      {error ? <Alert>{describeModerationError(error, tm, tErrors)}</Alert> : null}
      {open === "edit" ? (
        <form
          className="grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-2"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!(await confirm({ message: t("confirmSave", { name: account.displayName }) }))) return;
            update.mutate({
              accountId: account.id,
              role: role !== account.role ? role : undefined,
              regionId: regionId !== account.regionId ? regionId : undefined,
              organisation: organisation !== account.organisation ? organisation : undefined,
              reason,
            });
          }}
        >
          <Field label={t("role")} htmlFor={`role-${account.id}`}>
            <SelectInput
              id={`role-${account.id}`}
              value={role}
              disabled={self}
              onChange={(e) => setRole(e.target.value as Role)}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {tRoles(r)}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("region")} htmlFor={`region-${account.id}`}>
            <SelectInput
              id={`region-${account.id}`}
              value={regionId}
              onChange={(e) => setRegionId(Number(e.target.value))}
            >
              <RegionOptions activeOnly />
            </SelectInput>
          </Field>
          <Field label={t("organisation")} htmlFor={`org-${account.id}`}>
            <TextInput
              id={`org-${account.id}`}
              value={organisation}
              maxLength={120}
              onChange={(e) => setOrganisation(e.target.value)}
            />
          </Field>
          <Field label={t("reason")} htmlFor={`why-${account.id}`} hint={t("sessionsNote")}>
            <TextInput
              id={`why-${account.id}`}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          </Field>
          <div className="sm:col-span-2">
            <Button type="submit" size="sm" busy={update.isPending}>
              {t("save")}
            </Button>
          </div>
        </form>
      ) : null}
      {open === "suspend" || open === "lift" ? (
        <form
          className="space-y-3 rounded-md bg-slate-50 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return;
            if (open === "suspend") suspend.mutate({ accountId: account.id, days: days === "" ? null : days, reason });
            else lift.mutate({ accountId: account.id, reason });
          }}
        >
          {open === "suspend" ? (
            <Field label={tm("duration")} htmlFor={`days-${account.id}`}>
              <SelectInput
                id={`days-${account.id}`}
                value={days}
                onChange={(e) => setDays(e.target.value ? Number(e.target.value) : "")}
              >
                {durations.map((d) => (
                  <option key={d} value={d}>
                    {tm("days", { count: d })}
                  </option>
                ))}
                <option value="">{tm("untilLifted")}</option>
              </SelectInput>
            </Field>
          ) : null}
          <Field label={tm("reason")} htmlFor={`sreason-${account.id}`}>
            <TextInput
              id={`sreason-${account.id}`}
              value={reason}
              required
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          </Field>
          <Button
            type="submit"
            size="sm"
            variant={open === "suspend" ? "danger" : "primary"}
            busy={suspend.isPending || lift.isPending}
            disabled={!reason.trim()}
          >
            {tm("confirm", { action: tm(`actions.${open}`) })}
          </Button>
        </form>
      ) : null}
    </Card>
  );
}
