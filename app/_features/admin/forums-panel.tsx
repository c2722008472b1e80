"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { Button } from "@/app/components/ui/button";
import { Alert, Badge, Card, Skeleton } from "@/app/components/ui/card";
import { Field, SelectInput, TextInput } from "@/app/components/ui/field";
import { describeError } from "@/app/lib/errors";
import { pick } from "@/app/lib/localized";
import { applyForumListEvent, withForum } from "@/app/lib/live/forum-list";
import { settleOwnRow } from "@/app/lib/live/keyed-list";
import { useLiveQuery } from "@/app/lib/use-live-query";
import { useTRPC } from "@/app/lib/trpc";
import { useRegions } from "@/app/lib/use-regions";
import { streamKey } from "@/server/domain/stream-access";
import type { ListedForum } from "@/server/features/deliberation/events";

const emptyForm = {
  slug: "",
  titleZh: "",
  titleEn: "",
  descriptionZh: "",
  descriptionEn: "",
  clusterId: "" as number | "",
};

export function ForumsPanel() {
  const t = useTranslations();
  const tErrors = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { clusters } = useRegions();
  const forums = useQuery(trpc.forums.listAtHead.queryOptions());
  const queryKey = useMemo(() => trpc.forums.listAtHead.queryKey(), [trpc]);
  useLiveQuery(queryKey, streamKey({ kind: "forums" }), forums.data, applyForumListEvent);
  // The page's other panels (hold settings, outgoing hooks) read the same forums as forums.list.
  useEffect(() => {
    if (forums.data) queryClient.setQueryData(trpc.forums.list.queryKey(), (old) => old && forums.data.forums);
  }, [forums.data, queryClient, trpc]);
  // An own action's answer is the forum's row read after its commit, set in place of a read.
  const settle = useCallback(
    (answer: { listed: ListedForum | null; headSeq: number }) =>
      queryClient.setQueryData(queryKey, (view) =>
        settleOwnRow(view, answer, (held) => (answer.listed ? withForum(held, answer.listed) : held)),
      ),
    [queryClient, queryKey],
  );
  const [form, setForm] = useState(emptyForm);
  const [missing, setMissing] = useState<string[]>([]);
  const create = useMutation(
    trpc.forums.create.mutationOptions({ onSuccess: (answer) => (setForm(emptyForm), settle(answer)) }),
  );
  const archive = useMutation(trpc.forums.setArchived.mutationOptions({ onSuccess: settle }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const blank = (["slug", "titleZh", "titleEn"] as const).filter((field) => !form[field].trim());
    setMissing(blank);
    if (blank.length === 0) create.mutate({ ...form, clusterId: form.clusterId === "" ? null : form.clusterId });
  }
  const text = (field: "slug" | "titleZh" | "titleEn" | "descriptionZh" | "descriptionEn", hint?: string) => (
    <Field
      label={t(`admin.${field}`)}
      htmlFor={`forum-${field}`}
      hint={hint}
      error={missing.includes(field) ? t("common.required") : null}
    >
      <TextInput
        id={`forum-${field}`}
        value={form[field]}
        invalid={missing.includes(field)}
        onChange={(e) => setForm({ ...form, [field]: e.target.value })}
      />
    </Field>
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
      <Card>
        <form onSubmit={submit} className="space-y-4" noValidate>
          <h3 className="font-semibold">{t("admin.newForum")}</h3>
          {create.error ? <Alert>{describeError(create.error, tErrors)}</Alert> : null}
          {text("slug", t("admin.slugHint"))}
          {text("titleZh")}
          {text("titleEn")}
          {text("descriptionZh")}
          {text("descriptionEn")}
          <Field label={t("admin.cluster")} htmlFor="forum-cluster">
            <SelectInput
              id="forum-cluster"
              value={form.clusterId}
              onChange={(e) => setForm({ ...form, clusterId: e.target.value ? Number(e.target.value) : "" })}
            >
              <option value="">{t("admin.noCluster")}</option>
              {clusters.map((cluster) => (
                <option key={cluster.id} value={cluster.id}>
                  {pick(locale, cluster, "name")}
                </option>
              ))}
            </SelectInput>
          </Field>
          <Button type="submit" busy={create.isPending} className="w-full">
            {t("admin.createForum")}
          </Button>
        </form>
      </Card>
      <Card>
        <h3 className="mb-3 font-semibold">{t("admin.forumsTitle")}</h3>
        {archive.error ? <Alert>{describeError(archive.error, tErrors)}</Alert> : null}
        {forums.isPending ? (
          <Skeleton lines={5} />
        ) : forums.error ? (
          <Alert>{describeError(forums.error, tErrors)}</Alert>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="admin-forums">
            {forums.data.forums.map((forum) => (
              <li key={forum.id} className="flex flex-wrap items-center gap-2 py-2">
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{pick(locale, forum, "title")}</span>
                  <span className="font-mono text-xs text-slate-500">/forums/{forum.slug}</span>
                </span>
                <Badge>{t("forums.topicCount", { count: forum.topicCount })}</Badge>
                {forum.archivedAt ? <Badge tone="amber">{t("admin.archivedBadge")}</Badge> : null}
                <Button
                  variant={forum.archivedAt ? "secondary" : "danger"}
                  size="sm"
                  busy={archive.isPending && archive.variables?.forumId === forum.id}
                  onClick={() => archive.mutate({ forumId: forum.id, archived: !forum.archivedAt })}
                >
                  {forum.archivedAt ? t("admin.unarchive") : t("admin.archive")}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
