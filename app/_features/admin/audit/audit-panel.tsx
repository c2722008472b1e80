"use client";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { Button } from "@/app/components/ui/button";
import { Alert, Card, EmptyState, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput, TextInput } from "@/app/components/ui/field";
import { useTRPC, useTRPCClient } from "@/app/lib/trpc";
import { writeParams } from "@/app/lib/url-state";
import { AuditChangeList, useAuditLabels } from "./audit-labels";
import { describeModerationError } from "../../moderation/errors";

interface Filter {
  actorId: number | null;
  action: string | null;
  targetType: string | null;
  targetId: string | null;
  from: Date | null;
  to: Date | null;
}
const empty: Filter = { actorId: null, action: null, targetType: null, targetId: null, from: null, to: null };
const draftFields = ["actor", "action", "targetType", "targetId", "from", "to"] as const;
type Draft = Record<(typeof draftFields)[number], string>;

function filterOf(draft: Draft): Filter {
  return {
    actorId: draft.actor ? Number(draft.actor) : null,
    action: draft.action || null,
    targetType: draft.targetType || null,
    targetId: draft.targetId.trim() || null,
    from: draft.from ? new Date(`${draft.from}T00:00:00`) : null,
    to: draft.to ? new Date(`${draft.to}T23:59:59.999`) : null,
  };
}
const targetTypes = [
  "account",
  "invitation",
  "comment",
  "topic",
  "project",
  "thread",
  "forum",
  "region",
  "cluster",
  "ballot",
  "blocked_word",
];

/** The append-only audit log: filter, page by cursor, export what the filter shows as CSV. */
export function AuditPanel() {
  const t = useTranslations("adminConsole.audit");
  const tm = useTranslations("moderation");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const labels = useAuditLabels();
  const trpc = useTRPC();
  const client = useTRPCClient();
  // The applied filter lives in the URL, so Back and a shared link show the same entries.
  const params = useSearchParams();
  const [draft, setDraft] = useState<Draft>(
    () => Object.fromEntries(draftFields.map((f) => [f, params.get(f) ?? ""])) as Draft,
  );
  const [filter, setFilter] = useState<Filter>(() => filterOf(draft));
  const actions = useQuery(trpc.admin.auditActions.queryOptions());
  const admins = useQuery(
    trpc.admin.accounts.queryOptions({ query: "", role: null, regionId: null, suspendedOnly: false }),
  );
  const entries = useInfiniteQuery(
    trpc.admin.audit.infiniteQueryOptions(
      { ...filter, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = useMemo(() => entries.data?.pages.flatMap((p) => p.items) ?? [], [entries.data]);
  const exportCsv = useMutation({
    mutationFn: () => client.admin.auditCsv.query(filter),
    onSuccess: ({ csv }) => {
      // A byte-order mark so spreadsheet programs read the UTF-8 (Chinese) text correctly.
      const blob = new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `xietong-audit-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    },
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilter(filterOf(draft));
    writeParams(draft);
  }

  return (
    <div className="space-y-4">
      <Card>
        <form onSubmit={apply} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="audit-filter">
          <Field label={t("actor")} htmlFor="audit-actor">
            <SelectInput
              id="audit-actor"
              value={draft.actor}
              onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
            >
              <option value="">{t("anyActor")}</option>
              {(admins.data?.accounts ?? [])
                .filter((a) => a.role === "admin" || a.role === "moderator")
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.displayName}
                  </option>
                ))}
            </SelectInput>
          </Field>
          <Field label={t("action")} htmlFor="audit-action">
            <SelectInput
              id="audit-action"
              value={draft.action}
              onChange={(e) => setDraft({ ...draft, action: e.target.value })}
              data-testid="audit-action"
            >
              <option value="">{t("anyAction")}</option>
              {[...new Set((actions.data ?? []).map((a) => a.split(".")[0]!))].map((prefix) => (
                <optgroup key={prefix} label={prefix}>
                  <option value={prefix}>{prefix}.*</option>
                  {(actions.data ?? [])
                    .filter((a) => a.startsWith(`${prefix}.`))
                    .map((a) => (
                      <option key={a} value={a}>
                        {labels.action(a)}
                      </option>
                    ))}
                </optgroup>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("targetType")} htmlFor="audit-target-type">
            <SelectInput
              id="audit-target-type"
              value={draft.targetType}
              onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}
            >
              <option value="">—</option>
              {targetTypes.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Field label={t("targetId")} htmlFor="audit-target-id">
            <TextInput
              id="audit-target-id"
              inputMode="numeric"
              value={draft.targetId}
              onChange={(e) => setDraft({ ...draft, targetId: e.target.value })}
            />
          </Field>
          <Field label={t("from")} htmlFor="audit-from">
            <TextInput
              id="audit-from"
              type="date"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </Field>
          <Field label={t("to")} htmlFor="audit-to">
            <TextInput
              id="audit-to"
              type="date"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </Field>
          <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-3">
            <Button type="submit" size="sm">
              {t("filter")}
            </Button>
            <Button
              type="button"
              size="sm"
              variant="ghost"
              onClick={() => {
                setDraft({ actor: "", action: "", targetType: "", targetId: "", from: "", to: "" });
                setFilter(empty);
                writeParams(Object.fromEntries(draftFields.map((f) => [f, ""])));
              }}
            >
              {t("reset")}
            </Button>
            <Button
              type="button"
              size="sm"
              variant="secondary"
              className="ml-auto"
              busy={exportCsv.isPending}
              onClick={() => exportCsv.mutate()}
              data-testid="audit-export"
            >
              {exportCsv.isPending ? t("exporting") : t("export")}
            </Button>
          </div>
        </form>
        {exportCsv.error ? <Alert>{describeModerationError(exportCsv.error, tm, tErrors)}</Alert> : null}
      </Card>
      {entries.isPending ? (
        <Card>
          <Skeleton lines={8} />
        </Card>
      ) : entries.error ? (
        <Alert>{describeModerationError(entries.error, tm, tErrors)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Card className="overflow-x-auto p-0">
          <table className="w-full min-w-[44rem] text-left text-sm" data-testid="audit-table">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("when")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("actor")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("what")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("target")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("why")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("change")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {items.map((entry) => (
                <tr key={entry.id} data-testid="audit-row">
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                    {format.dateTime(entry.createdAt, { dateStyle: "short", timeStyle: "medium" })}
                  </td>
                  <td className="px-3 py-2">{entry.actorName ?? t("system")}</td>
                  <td className="px-3 py-2">
                    {labels.action(entry.action)}
                    <span className="block font-mono text-xs text-slate-600">{entry.action}</span>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {entry.targetType} #{entry.targetId}
                  </td>
                  <td className="max-w-48 px-3 py-2 text-slate-700">{labels.reason(entry.reason)}</td>
                  <td className="max-w-72 break-words px-3 py-2 text-xs text-slate-700">
                    <AuditChangeList before={entry.before} after={entry.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.hasNextPage ? (
            <div className="p-3">
              <Button
                size="sm"
                variant="secondary"
                busy={entries.isFetchingNextPage}
                onClick={() => void entries.fetchNextPage()}
              >
                {t("more")}
              </Button>
            </div>
          ) : null}
        </Card>
      )}
    </div>
  );
}
