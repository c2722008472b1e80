"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useRelativeTime } from "@/app/lib/use-relative-time";
import { useState, type FormEvent } from "react";
import { apiLimits } from "@/shared/open-data-vocabulary";
import { Button } from "@/app/components/ui/button";
import { useConfirm } from "@/app/components/ui/confirm-dialog";
import { Alert, Badge, Card, EmptyState, Skeleton } from "@/app/components/ui/card";
import { Field, TextInput } from "@/app/components/ui/field";
import { OneTimeSecret } from "@/app/components/ui/one-time-secret";
import { describeError } from "@/app/lib/errors";
import { useTRPC } from "@/app/lib/trpc";

/** Open data for admins: API keys (issued once, revoked at any time) and the dumps, with one on demand. */
export function OpenDataPanel() {
  return (
    <div className="space-y-6">
      <DumpsCard />
      <KeysCard />
    </div>
  );
}

const statusTone = { queued: "amber", running: "brand", done: "green", failed: "red" } as const;

function DumpsCard() {
  const t = useTranslations("openData.admin.dumps");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Polled while a dump is waiting or being written, so its progress moves on the page.
  const list = useQuery({
    ...trpc.openData.adminDumps.queryOptions(),
    refetchInterval: (query) =>
      query.state.data?.some((d) => d.status === "queued" || d.status === "running") ? 2_000 : false,
  });
  const [notice, setNotice] = useState(false);
  const request = useMutation(
    trpc.openData.requestDump.mutationOptions({
      onSuccess: () => {
        setNotice(true);
        void queryClient.invalidateQueries({ queryKey: trpc.openData.adminDumps.queryKey() });
      },
    }),
  );
  return (
    <Card className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold">{t("heading")}</h3>
          <p className="text-sm text-slate-600">{t("hint")}</p>
        </div>
        <Button size="sm" onClick={() => request.mutate()} disabled={request.isPending} data-testid="request-dump">
          {t("request")}
        </Button>
      </div>
      {notice ? <Alert tone="info">{t("requested")}</Alert> : null}
      {request.error ? <Alert>{describeError(request.error, tErrors)}</Alert> : null}
      {list.isPending ? (
        <Skeleton lines={3} />
      ) : list.error ? (
        <Alert>{describeError(list.error, tErrors)}</Alert>
      ) : list.data.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="admin-dump-list">
          {list.data.map((dump) => (
            <li key={dump.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone={statusTone[dump.status]}>{t(`status.${dump.status}`)}</Badge>
                <span>{t(`trigger.${dump.trigger}`)}</span>
                <span className="text-slate-500">
                  {format.dateTime(new Date(dump.finishedAt ?? dump.createdAt), {
                    dateStyle: "medium",
                    timeStyle: "short",
                  })}
                </span>
              </span>
              {dump.status === "running" || dump.status === "queued" ? (
                <span className="flex items-center gap-2">
                  <progress value={dump.progress} max={Math.max(1, dump.total)} className="h-2 w-32" />
                  <span className="text-xs text-slate-600">
                    {t("progress", { done: dump.progress, total: dump.total })}
                  </span>
                </span>
              ) : dump.status === "done" && dump.fileName ? (
                <a href={`/api/v1/dumps/${dump.fileName}`} className="break-all font-mono text-xs text-brand-700">
                  {dump.fileName}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function KeysCard() {
  const t = useTranslations("openData.admin.keys");
  const tErrors = useTranslations("errors");
  const relativeTime = useRelativeTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const list = useQuery(trpc.openData.keys.queryOptions());
  const [name, setName] = useState("");
  const [perMinute, setPerMinute] = useState<number>(apiLimits.keyPerMinuteDefault);
  const [shown, setShown] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.openData.keys.queryKey() });
  const issue = useMutation(
    trpc.openData.issueKey.mutationOptions({
      onSuccess: (made) => {
        setShown(made.key);
        setName("");
        refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.openData.revokeKey.mutationOptions({ onSuccess: refresh }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(null);
    issue.mutate({ name, perMinute });
  };
  return (
    <Card className="space-y-4">
      <div>
        <h3 className="font-semibold">{t("heading")}</h3>
        <p className="text-sm text-slate-600">{t("hint")}</p>
      </div>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <Field label={t("name")} htmlFor="api-key-name">
          <TextInput
            id="api-key-name"
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field label={t("perMinute")} htmlFor="api-key-limit">
          <TextInput
            id="api-key-limit"
            type="number"
            min={apiLimits.anonymousPerMinute}
            max={10_000}
            value={perMinute}
            onChange={(e) => setPerMinute(Number(e.target.value))}
          />
        </Field>
        <Button type="submit" size="sm" disabled={issue.isPending} data-testid="issue-key">
          {t("issue")}
        </Button>
      </form>
      {shown ? <OneTimeSecret notice={t("issued")} value={shown} testId="issued-key" /> : null}
      {issue.error ? <Alert>{describeError(issue.error, tErrors)}</Alert> : null}
      {revoke.error ? <Alert>{describeError(revoke.error, tErrors)}</Alert> : null}
      {list.isPending ? (
        <Skeleton lines={3} />
      ) : list.error ? (
        <Alert>{describeError(list.error, tErrors)}</Alert>
      ) : list.data.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="api-key-list">
          {list.data.map((key) => (
            <li key={key.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
              <span className="min-w-0 space-y-0.5">
                <span className="flex flex-wrap items-center gap-2 font-medium">
                  {key.name}
                  <Badge tone={key.revokedAt ? "slate" : "green"}>{key.revokedAt ? t("revoked") : t("active")}</Badge>
                </span>
                <span className="block text-xs text-slate-500">
                  <code>{key.prefix}…</code> · {t("limit", { n: key.perMinute })} ·{" "}
                  {key.lastUsedAt ? t("lastUsed", { when: relativeTime(new Date(key.lastUsedAt)) }) : t("neverUsed")}
                </span>
              </span>
              {key.revokedAt ? null : (
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={revoke.isPending}
                  onClick={async () => {
                    if (await confirm({ message: t("confirmRevoke", { name: key.name }), tone: "danger" }))
                      revoke.mutate({ keyId: key.id });
                  }}
                >
                  {t("revoke")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
