"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { Button } from "@/app/components/ui/button";
import { Alert, Badge, Card, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput, TextInput } from "@/app/components/ui/field";
import { pick } from "@/app/lib/localized";
import { settleOwnRow } from "@/app/lib/live/keyed-list";
import { applyRegionListEvent, withCluster } from "@/app/lib/live/region-list";
import { useLiveQuery } from "@/app/lib/use-live-query";
import { useTRPC } from "@/app/lib/trpc";
import { describeModerationError } from "../moderation/errors";
import { useConfirm } from "@/app/components/ui/confirm-dialog";
import { streamKey } from "@/server/domain/stream-access";
import type { ListedCluster } from "@/server/features/admin/events";

type Named = { id: number; code: string; nameZh: string; nameEn: string; retiredAt: Date | null };

/** Clusters and their regions: add, rename in both languages, retire or reinstate. Nothing is deleted. */
export function RegionsPanel() {
  const t = useTranslations("adminConsole.regions");
  const tm = useTranslations("moderation");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const data = useQuery(trpc.admin.regions.queryOptions());
  const queryKey = useMemo(() => trpc.admin.regions.queryKey(), [trpc]);
  useLiveQuery(queryKey, streamKey({ kind: "admin" }), data.data, applyRegionListEvent);
  // Every other part of the page names regions from reference.regions: the same entries.
  useEffect(() => {
    if (data.data) queryClient.setQueryData(trpc.reference.regions.queryKey(), (old) => old && data.data.clusters);
  }, [data.data, queryClient, trpc]);
  // An own change's answer is its cluster's entry read after commit, set in place of a read.
  const settle = useCallback(
    (answer: { cluster: ListedCluster | null; headSeq: number }) =>
      queryClient.setQueryData(queryKey, (view) =>
        settleOwnRow(view, answer, (held) => (answer.cluster ? withCluster(held, answer.cluster) : held)),
      ),
    [queryClient, queryKey],
  );
  const [cluster, setCluster] = useState({ code: "", nameZh: "", nameEn: "" });
  const [region, setRegion] = useState({ code: "", nameZh: "", nameEn: "", clusterId: "" as number | "" });
  const addCluster = useMutation(
    trpc.admin.addCluster.mutationOptions({
      onSuccess: (answer) => (setCluster({ code: "", nameZh: "", nameEn: "" }), settle(answer)),
    }),
  );
  const addRegion = useMutation(
    trpc.admin.addRegion.mutationOptions({
      onSuccess: (answer) => (setRegion({ code: "", nameZh: "", nameEn: "", clusterId: "" }), settle(answer)),
    }),
  );
  const error = addCluster.error ?? addRegion.error;

  function submitCluster(e: FormEvent) {
    e.preventDefault();
    addCluster.mutate(cluster);
  }
  function submitRegion(e: FormEvent) {
    e.preventDefault();
    if (region.clusterId === "") return;
    addRegion.mutate({ ...region, clusterId: region.clusterId });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
      <div className="space-y-4">
        {error ? <Alert>{describeModerationError(error, tm, tErrors)}</Alert> : null}
        <Card>
          <form onSubmit={submitCluster} className="space-y-3">
            <h3 className="font-semibold">{t("addCluster")}</h3>
            <Field label={t("code")} htmlFor="cl-code" hint={t("codeHint")}>
              <TextInput
                id="cl-code"
                required
                value={cluster.code}
                onChange={(e) => setCluster({ ...cluster, code: e.target.value })}
              />
            </Field>
            <Field label={t("nameZh")} htmlFor="cl-zh">
              <TextInput
                id="cl-zh"
                required
                lang="zh-CN"
                value={cluster.nameZh}
                onChange={(e) => setCluster({ ...cluster, nameZh: e.target.value })}
              />
            </Field>
            <Field label={t("nameEn")} htmlFor="cl-en">
              <TextInput
                id="cl-en"
                required
                lang="en"
                value={cluster.nameEn}
                onChange={(e) => setCluster({ ...cluster, nameEn: e.target.value })}
              />
            </Field>
            <Button type="submit" size="sm" busy={addCluster.isPending}>
              {t("addCluster")}
            </Button>
          </form>
        </Card>
        <Card>
          <form onSubmit={submitRegion} className="space-y-3">
            <h3 className="font-semibold">{t("addRegion")}</h3>
            <Field label={t("cluster")} htmlFor="rg-cluster">
              <SelectInput
                id="rg-cluster"
                required
                value={region.clusterId}
                onChange={(e) => setRegion({ ...region, clusterId: e.target.value ? Number(e.target.value) : "" })}
              >
                <option value="">—</option>
                {(data.data?.clusters ?? [])
                  .filter((c) => !c.retiredAt)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {pick(locale, c, "name")}
                    </option>
                  ))}
              </SelectInput>
            </Field>
            <Field label={t("code")} htmlFor="rg-code" hint={t("codeHint")}>
              <TextInput
                id="rg-code"
                required
                value={region.code}
                onChange={(e) => setRegion({ ...region, code: e.target.value })}
              />
            </Field>
            <Field label={t("nameZh")} htmlFor="rg-zh">
              <TextInput
                id="rg-zh"
                required
                lang="zh-CN"
                value={region.nameZh}
                onChange={(e) => setRegion({ ...region, nameZh: e.target.value })}
              />
            </Field>
            <Field label={t("nameEn")} htmlFor="rg-en">
              <TextInput
                id="rg-en"
                required
                lang="en"
                value={region.nameEn}
                onChange={(e) => setRegion({ ...region, nameEn: e.target.value })}
              />
            </Field>
            <Button type="submit" size="sm" busy={addRegion.isPending}>
              {t("addRegion")}
            </Button>
          </form>
        </Card>
      </div>
      <Card>
        {data.isPending ? (
          <Skeleton lines={8} />
        ) : data.error ? (
          <Alert>{describeModerationError(data.error, tm, tErrors)}</Alert>
        ) : (
          <ul className="space-y-5" data-testid="admin-regions">
            {data.data.clusters.map((c) => (
              <li key={c.id} className="space-y-2">
                <NamedRow kind="cluster" item={c} onChanged={settle} />
                <ul className="ml-4 divide-y divide-slate-100 border-l border-slate-200 pl-3">
                  {c.regions.map((r) => (
                    <li key={r.id}>
                      <NamedRow kind="region" item={r} onChanged={settle} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

type Settle = (answer: { cluster: ListedCluster | null; headSeq: number }) => void;

function NamedRow({ kind, item, onChanged }: { kind: "cluster" | "region"; item: Named; onChanged: Settle }) {
  const t = useTranslations("adminConsole.regions");
  const tm = useTranslations("moderation");
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [names, setNames] = useState({ nameZh: item.nameZh, nameEn: item.nameEn });
  const after: Settle = (answer) => (setEditing(false), onChanged(answer));
  const renameCluster = useMutation(trpc.admin.renameCluster.mutationOptions({ onSuccess: after }));
  const renameRegion = useMutation(trpc.admin.renameRegion.mutationOptions({ onSuccess: after }));
  const retireCluster = useMutation(trpc.admin.retireCluster.mutationOptions({ onSuccess: onChanged }));
  const retireRegion = useMutation(trpc.admin.retireRegion.mutationOptions({ onSuccess: onChanged }));
  const error = renameCluster.error ?? renameRegion.error ?? retireCluster.error ?? retireRegion.error;
  const busy = renameCluster.isPending || renameRegion.isPending || retireCluster.isPending || retireRegion.isPending;
  const name = pick(locale, item, "name");
  const confirm = useConfirm();

  async function toggleRetired() {
    const retired = !item.retiredAt;
    if (retired && !(await confirm({ message: t("confirmRetire", { name }), tone: "danger" }))) return;
    if (kind === "cluster") retireCluster.mutate({ clusterId: item.id, retired });
    else retireRegion.mutate({ regionId: item.id, retired });
  }

  return (
    <div className="py-1.5 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className={kind === "cluster" ? "font-semibold" : "font-medium"}>{item.nameZh}</span>
        <span className="text-slate-600">{item.nameEn}</span>
        <span className="font-mono text-xs text-slate-400">{item.code}</span>
        {item.retiredAt ? <Badge tone="amber">{t("retired")}</Badge> : null}
        <span className="ml-auto flex gap-1">
          <Button size="sm" variant="ghost" onClick={() => setEditing(!editing)} aria-expanded={editing}>
            {t("rename")}
          </Button>
          <Button size="sm" variant={item.retiredAt ? "secondary" : "danger"} busy={busy} onClick={toggleRetired}>
            {item.retiredAt ? t("reinstate") : t("retire")}
          </Button>
        </span>
      </div>
      {error ? <Alert>{describeModerationError(error, tm, tErrors)}</Alert> : null}
      {editing ? (
        <form
          className="mt-2 grid gap-2 rounded-md bg-slate-50 p-2 sm:grid-cols-[1fr_1fr_auto]"
          onSubmit={(e) => {
            e.preventDefault();
            if (kind === "cluster") renameCluster.mutate({ clusterId: item.id, ...names });
            else renameRegion.mutate({ regionId: item.id, ...names });
          }}
        >
          <Field label={t("nameZh")} htmlFor={`${kind}-${item.id}-zh`}>
            <TextInput
              id={`${kind}-${item.id}-zh`}
              lang="zh-CN"
              value={names.nameZh}
              onChange={(e) => setNames({ ...names, nameZh: e.target.value })}
            />
          </Field>
          <Field label={t("nameEn")} htmlFor={`${kind}-${item.id}-en`}>
            <TextInput
              id={`${kind}-${item.id}-en`}
              lang="en"
              value={names.nameEn}
              onChange={(e) => setNames({ ...names, nameEn: e.target.value })}
            />
          </Field>
          <Button type="submit" size="sm" className="self-end" busy={busy}>
            {t("save")}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
