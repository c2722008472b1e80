"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { webhookFormats, webhookKinds, type WebhookFormat, type WebhookKind } from "@/shared/webhook-vocabulary";
import type { Locale } from "@/shared/vocabulary";
import { Button } from "@/app/components/ui/button";
import { useConfirm } from "@/app/components/ui/confirm-dialog";
import { Alert, Badge, Card, EmptyState, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput, TextInput } from "@/app/components/ui/field";
import { OneTimeSecret } from "@/app/components/ui/one-time-secret";
import { describeError, errorData } from "@/app/lib/errors";
import { pick } from "@/app/lib/localized";
import type { RouterOutputs } from "@/app/lib/router-types";
import { useServerErrors } from "@/app/lib/server-errors";
import { useTRPC } from "@/app/lib/trpc";
import { useRegions } from "@/app/lib/use-regions";
import { RetryLog } from "./retry-log";

type Webhook = RouterOutputs["outgoing"]["webhooks"][number];
type Status = "pending" | "sent" | "failed";
const statusTone = { pending: "amber", sent: "green", failed: "red" } as const;

interface FormState {
  name: string;
  format: WebhookFormat;
  url: string;
  secret: string;
  locale: Locale;
  regionId: number | "";
  forumId: number | "";
  kinds: WebhookKind[];
  active: boolean;
}
const blank: FormState = {
  name: "",
  format: "wecom",
  url: "",
  secret: "",
  locale: "zh-CN",
  regionId: "",
  forumId: "",
  kinds: ["ballot_opened", "ballot_closed"],
  active: true,
};
const fields = ["name", "format", "url", "secret", "locale", "regionId", "forumId", "kinds"] as const;

/** Outgoing notices: the webhooks admins configure, what was posted to them, and mail that did not go out. */
export function OutgoingPanel() {
  return (
    <div className="space-y-6">
      <WebhooksCard />
      <DeliveryLog />
      <MailLog />
    </div>
  );
}

function WebhooksCard() {
  const t = useTranslations("outgoing");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const { name: regionName } = useRegions();
  const list = useQuery(trpc.outgoing.webhooks.queryOptions());
  const [editing, setEditing] = useState<Webhook | "new" | null>(null);
  const [secretShown, setSecretShown] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.outgoing.webhooks.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.outgoing.deliveries.queryKey() });
  };
  const remove = useMutation(trpc.outgoing.remove.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(
    trpc.outgoing.test.mutationOptions({ onSuccess: () => (setNotice(t("testQueued")), refresh()) }),
  );
  const actionError = remove.error ?? test.error;

  return (
    <Card className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold">{t("webhooks")}</h3>
          <p className="text-sm text-slate-600">{t("hint")}</p>
        </div>
        {editing === null ? (
          <Button size="sm" onClick={() => (setEditing("new"), setSecretShown(null), setNotice(null))}>
            {t("add")}
          </Button>
        ) : null}
      </div>
      {secretShown ? <OneTimeSecret notice={t("secretShown")} value={secretShown} testId="webhook-secret" /> : null}
      {notice ? <Alert tone="info">{notice}</Alert> : null}
      {actionError ? <Alert>{describeError(actionError, tErrors)}</Alert> : null}
      {editing !== null ? (
        <WebhookForm
          key={editing === "new" ? "new" : editing.id}
          editing={editing === "new" ? null : editing}
          onDone={(shown) => {
            setEditing(null);
            setSecretShown(shown);
            refresh();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {list.isPending ? (
        <Skeleton lines={3} />
      ) : list.error ? (
        <Alert>{describeError(list.error, tErrors)}</Alert>
      ) : list.data.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="webhook-list">
          {list.data.map((hook) => (
            <li key={hook.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  {hook.name}
                  <Badge tone="brand">{t(`formats.${hook.format}`)}</Badge>
                  <Badge tone={hook.active ? "green" : "slate"}>{hook.active ? t("active") : t("inactive")}</Badge>
                </p>
                <p className="break-all font-mono text-xs text-slate-500">{hook.urlHint}</p>
                <p className="text-sm text-slate-600">
                  {hook.kinds.map((kind) => t(`kinds.${kind}`)).join(" · ")}
                  {hook.regionId ? ` — ${regionName(hook.regionId)}` : ""}
                </p>
              </div>
              <div className="flex flex-wrap gap-2">
                <Button size="sm" variant="secondary" onClick={() => (setEditing(hook), setSecretShown(null))}>
                  {t("edit")}
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  busy={test.isPending && test.variables?.webhookId === hook.id}
                  onClick={() => test.mutate({ webhookId: hook.id })}
                >
                  {t("test")}
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  onClick={async () => {
                    if (await confirm({ message: t("confirmDelete", { name: hook.name }), tone: "danger" }))
                      remove.mutate({ webhookId: hook.id });
                  }}
                >
                  {t("delete")}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function WebhookForm({
  editing,
  onDone,
  onCancel,
}: {
  editing: Webhook | null;
  onDone: (secretShown: string | null) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("outgoing");
  const tCommon = useTranslations("common");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const { clusters } = useRegions();
  const forums = useQuery(trpc.forums.list.queryOptions());
  const [form, setForm] = useState<FormState>(
    editing
      ? {
          name: editing.name,
          format: editing.format,
          url: "",
          secret: "",
          locale: editing.locale === "en" ? "en" : "zh-CN",
          regionId: editing.regionId ?? "",
          forumId: editing.forumId ?? "",
          kinds: editing.kinds as WebhookKind[],
          active: editing.active,
        }
      : blank,
  );
  const [missing, setMissing] = useState<string[]>([]);
  const create = useMutation(trpc.outgoing.create.mutationOptions({ onSuccess: (r) => onDone(r.secretShown) }));
  const update = useMutation(trpc.outgoing.update.mutationOptions({ onSuccess: () => onDone(null) }));
  const mutation = editing ? update : create;
  const server = useServerErrors(mutation.error, fields);
  // A refused address is the address field's problem, not the form's.
  const reason = errorData(mutation.error)?.reason ?? "";
  const urlError = reason.startsWith("WEBHOOK_URL_") ? describeError(mutation.error, tErrors) : null;
  const banner = urlError ? null : server.banner;

  function submit(event: FormEvent) {
    event.preventDefault();
    const empty = [
      ...(form.name.trim() ? [] : ["name"]),
      ...(form.url.trim() || editing ? [] : ["url"]),
      ...(form.kinds.length > 0 ? [] : ["kinds"]),
    ];
    setMissing(empty);
    if (empty.length > 0) return;
    const input = {
      ...form,
      regionId: form.regionId === "" ? null : form.regionId,
      forumId: form.forumId === "" ? null : form.forumId,
    };
    if (editing) update.mutate({ ...input, webhookId: editing.id });
    else create.mutate(input);
  }
  const error = (field: string) => (missing.includes(field) ? tCommon("required") : server.at(field));

  return (
    <form method="post" onSubmit={submit} className="space-y-4 rounded-lg border border-slate-200 p-4" noValidate>
      {banner ? <Alert>{banner}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("name")} htmlFor="webhook-name" error={error("name")}>
          <TextInput
            id="webhook-name"
            value={form.name}
            invalid={Boolean(error("name"))}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </Field>
        <Field label={t("format")} htmlFor="webhook-format" hint={t(`formatHints.${form.format}`)}>
          <SelectInput
            id="webhook-format"
            value={form.format}
            onChange={(e) => setForm({ ...form, format: e.target.value as WebhookFormat })}
          >
            {webhookFormats.map((format) => (
              <option key={format} value={format}>
                {t(`formats.${format}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field
          label={t("url")}
          htmlFor="webhook-url"
          error={urlError ?? error("url")}
          hint={editing ? t("urlKeep", { hint: editing.urlHint }) : undefined}
        >
          <TextInput
            id="webhook-url"
            type="url"
            inputMode="url"
            autoComplete="off"
            value={form.url}
            invalid={Boolean(urlError ?? error("url"))}
            onChange={(e) => setForm({ ...form, url: e.target.value })}
          />
        </Field>
        <Field
          label={t("secret")}
          htmlFor="webhook-secret"
          error={error("secret")}
          hint={editing?.hasSecret ? t("secretKeep") : t("secretOptional")}
        >
          <TextInput
            id="webhook-secret"
            type="password"
            autoComplete="new-password"
            value={form.secret}
            onChange={(e) => setForm({ ...form, secret: e.target.value })}
          />
        </Field>
        <Field label={t("locale")} htmlFor="webhook-locale">
          <SelectInput
            id="webhook-locale"
            value={form.locale}
            onChange={(e) => setForm({ ...form, locale: e.target.value as Locale })}
          >
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </SelectInput>
        </Field>
        <Field label={t("region")} htmlFor="webhook-region">
          <SelectInput
            id="webhook-region"
            value={form.regionId}
            onChange={(e) => setForm({ ...form, regionId: e.target.value === "" ? "" : Number(e.target.value) })}
          >
            <option value="">{t("anyRegion")}</option>
            {clusters.map((cluster) => (
              <optgroup key={cluster.id} label={pick(locale, cluster, "name")}>
                {cluster.regions.map((region) => (
                  <option key={region.id} value={region.id}>
                    {pick(locale, region, "name")}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectInput>
        </Field>
        <Field label={t("forum")} htmlFor="webhook-forum">
          <SelectInput
            id="webhook-forum"
            value={form.forumId}
            onChange={(e) => setForm({ ...form, forumId: e.target.value === "" ? "" : Number(e.target.value) })}
          >
            <option value="">{t("anyForum")}</option>
            {(forums.data ?? []).map((forum) => (
              <option key={forum.id} value={forum.id}>
                {pick(locale, forum, "title")}
              </option>
            ))}
          </SelectInput>
        </Field>
      </div>
      <fieldset className="space-y-2" aria-describedby={error("kinds") ? "webhook-kinds-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">{t("kindsLegend")}</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {webhookKinds.map((kind) => (
            <label key={kind} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={form.kinds.includes(kind)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    kinds: e.target.checked ? [...form.kinds, kind] : form.kinds.filter((k) => k !== kind),
                  })
                }
              />
              {t(`kinds.${kind}`)}
            </label>
          ))}
        </div>
        {error("kinds") ? (
          <p id="webhook-kinds-error" className="text-sm text-red-700">
            {error("kinds")}
          </p>
        ) : null}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
        {t("active")}
      </label>
      <div className="flex gap-2">
        <Button type="submit" busy={mutation.isPending}>
          {t("save")}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}

function DeliveryLog() {
  const t = useTranslations("outgoing");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const log = useQuery({
    ...trpc.outgoing.deliveries.queryOptions({}),
    // While something waits to go out, the log follows it; otherwise it is read once.
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === "pending") ? 3_000 : false),
  });
  const retry = useMutation(
    trpc.outgoing.retry.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.outgoing.deliveries.queryKey() }),
    }),
  );
  return (
    <Card className="space-y-3">
      <h3 className="font-semibold">{t("log")}</h3>
      {retry.error ? <Alert>{describeError(retry.error, tErrors)}</Alert> : null}
      <RetryLog
        query={log}
        emptyTitle={t("logEmpty")}
        skeletonLines={4}
        testId="delivery-log"
        tableClassName="w-full min-w-[40rem] text-sm"
        who={{ label: t("webhook"), cell: (row) => row.webhookName }}
        what={{ label: t("what"), text: (row) => row.title }}
        status={{
          label: t("status"),
          cell: (row) => (
            <>
              <Badge tone={statusTone[row.status]}>{t(`statuses.${row.status}`)}</Badge>
              {row.status === "pending" && row.attempts > 0 ? (
                <span className="block text-xs text-slate-500">
                  {t("nextAttempt", { time: format.dateTime(row.nextAttemptAt, { timeStyle: "short" }) })}
                </span>
              ) : null}
            </>
          ),
        }}
        retryingId={retry.isPending ? (retry.variables?.deliveryId ?? null) : null}
        onRetry={(row) => retry.mutate({ deliveryId: row.id })}
      />
    </Card>
  );
}

function MailLog() {
  const t = useTranslations("outgoing");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>("failed");
  const mail = useQuery(trpc.outgoing.mail.queryOptions({ status }));
  const retry = useMutation(
    trpc.outgoing.retryMail.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.outgoing.mail.queryKey() }),
    }),
  );
  return (
    <Card className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h3 className="font-semibold">{t("mail")}</h3>
          <p className="text-sm text-slate-600">{t("mailHint")}</p>
        </div>
        <Field label={t("chooseStatus")} htmlFor="mail-status">
          <SelectInput id="mail-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {(["failed", "pending", "sent"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </SelectInput>
        </Field>
      </div>
      {retry.error ? <Alert>{describeError(retry.error, tErrors)}</Alert> : null}
      <RetryLog
        query={mail}
        emptyTitle={t("mailEmpty")}
        skeletonLines={3}
        testId="mail-log"
        tableClassName="w-full min-w-[36rem] text-sm"
        who={{ label: t("to"), cell: (row) => row.toAddress, className: "break-all py-2 pr-3" }}
        what={{ label: t("subject"), text: (row) => row.subject }}
        retryingId={retry.isPending ? (retry.variables?.mailId ?? null) : null}
        onRetry={(row) => retry.mutate({ mailId: row.id })}
      />
    </Card>
  );
}
