"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { achievementLimits } from "@/shared/achievement-vocabulary";
import { MatchReasons, ScoreBadge, useRegionLabel } from "@/app/_features/achievements/achievement-bits";
import { TransferForm } from "@/app/_features/achievements/transfer-form";
import { Button } from "../../components/ui/button";
import { Alert, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { describeError } from "../../lib/errors";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useYuan } from "../../_features/projects/locale-format";

function Loading<T>({
  query,
  children,
}: {
  query: { isError: boolean; error: unknown; data: T | undefined };
  children: (data: T) => React.ReactNode;
}) {
  const tErrors = useTranslations("errors");
  if (query.isError) return <Alert>{describeError(query.error, tErrors)}</Alert>;
  if (query.data === undefined) return <Skeleton lines={3} />;
  return <>{children(query.data)}</>;
}

/** Open needs this achievement could serve, each with the reasons of the match. */
export function MatchingNeeds({ achievementId }: { achievementId: number }) {
  const t = useTranslations("achievements");
  const trpc = useTRPC();
  const regionName = useRegionLabel();
  const matches = useQuery(trpc.achievements.matchingNeeds.queryOptions({ achievementId }));
  return (
    <Card>
      <h2 className="mb-3 font-semibold text-slate-900">{t("detail.matchingNeeds")}</h2>
      <Loading query={matches}>
        {(list) =>
          list.length === 0 ? (
            <p className="text-sm text-slate-500">{t("detail.noMatchingNeeds")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {list.map((m) => (
                <li key={m.needId} className="py-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <ScoreBadge score={m.score} />
                    <Link
                      href={`/achievements/needs/${m.needId}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {m.need.title}
                    </Link>
                  </div>
                  <p className="text-xs text-slate-500">
                    {t("needs.posted", { organisation: m.need.organisation, region: regionName(m.needRegion) })}
                  </p>
                  <MatchReasons match={m} />
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </Card>
  );
}

/** Write to the owners: the message starts (or continues) a private enquiry. */
export function EnquiryBox({
  achievementId,
  signedIn,
  isOwner,
  published,
  needId = null,
}: {
  achievementId: number;
  signedIn: boolean;
  isOwner: boolean;
  published: boolean;
  needId?: number | null;
}) {
  const t = useTranslations("achievements.detail");
  const trpc = useTRPC();
  const [body, setBody] = useState("");
  const send = useMutation(trpc.achievements.enquire.mutationOptions({ onSuccess: () => setBody("") }));
  const server = useServerErrors(send.error, ["body"]);
  const [blank, setBlank] = useState(false);
  if (!published) return null;
  if (isOwner)
    return (
      <Card>
        <p className="text-sm text-slate-600">
          <Link href="/achievements/enquiries" className="text-brand-700 hover:underline">
            {t("ownEnquiries")}
          </Link>
        </p>
      </Card>
    );
  if (!signedIn)
    return (
      <Card>
        <p className="text-sm text-slate-600">
          <Link href="/sign-in" className="text-brand-700 hover:underline">
            {t("signInToEnquire")}
          </Link>
        </p>
      </Card>
    );
  function submit(event: FormEvent) {
    event.preventDefault();
    setBlank(!body.trim());
    if (body.trim()) send.mutate({ achievementId, needId, body });
  }
  const error = blank ? t("enquiryBody") : server.at("body");
  return (
    <Card>
      <form onSubmit={submit} noValidate className="space-y-3">
        <h2 className="font-semibold text-slate-900">{t("enquire")}</h2>
        {server.banner && !server.at("body") ? <Alert>{server.banner}</Alert> : null}
        <Field label={t("enquiryBody")} htmlFor="enquiry-body" error={error}>
          <TextArea
            id="enquiry-body"
            rows={4}
            value={body}
            placeholder={t("enquiryPlaceholder")}
            onChange={(e) => setBody(e.target.value)}
            invalid={!!error}
            maxLength={achievementLimits.messageMax}
          />
        </Field>
        <p className="text-xs text-slate-500">{t("contactOnly")}</p>
        <Button type="submit" busy={send.isPending}>
          {t("send")}
        </Button>
        {send.data ? (
          <Alert tone="success">
            {t("sent")}{" "}
            <Link className="underline" href={`/achievements/enquiries/${send.data.enquiryId}`}>
              {t("openEnquiry")}
            </Link>
          </Alert>
        ) : null}
      </form>
    </Card>
  );
}

/** Recorded transfers; values show to the parties, and to everyone once both sides published them. */
export function Transfers({ achievementId, canRecord }: { achievementId: number; canRecord: boolean }) {
  const t = useTranslations("achievements");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regionName = useRegionLabel();
  const yuan = useYuan();
  const format = useFormatter();
  const list = useQuery(trpc.achievements.transfers.queryOptions({ achievementId }));
  const publish = useMutation(
    trpc.achievements.publishTransferValue.mutationOptions({
      onSuccess: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.achievements.transfers.queryKey({ achievementId }) }),
    }),
  );
  return (
    <Card>
      <h2 id="transfers" className="mb-3 font-semibold text-slate-900">
        {t("detail.transfers")}
      </h2>
      <Loading query={list}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="text-sm text-slate-500">{t("detail.noTransfers")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {rows.map((r) => {
                const mine = r.isBuyer ? r.buyerPublishesValue : r.sellerPublishesValue;
                return (
                  <li key={r.id} className="space-y-1 py-3">
                    <p className="font-medium text-slate-800">
                      {t(`modes.${r.mode}`)} → {r.buyerOrganisation}（{regionName(r.buyerRegion)}）
                    </p>
                    <p className="text-slate-600">
                      {format.dateTime(new Date(r.signedOn), { dateStyle: "medium" })} ·{" "}
                      {r.valueYuan !== null ? yuan(r.valueYuan) : t("detail.valueHidden")}
                      {r.valuePublished ? ` · ${t("detail.valuePublishedNote")}` : ""}
                    </p>
                    {r.isBuyer || r.isSeller ? (
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="text-xs text-slate-500">
                          {t("detail.yourSide", { answer: mine ? t("detail.yes") : t("detail.no") })}
                        </span>
                        <Button
                          size="sm"
                          variant="secondary"
                          busy={publish.isPending}
                          onClick={() => publish.mutate({ transferId: r.id, publish: !mine })}
                        >
                          {mine ? t("detail.unpublishValue") : t("detail.publishValue")}
                        </Button>
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )
        }
      </Loading>
      {canRecord ? (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <TransferForm achievementId={achievementId} enquiry={null} />
        </div>
      ) : null}
    </Card>
  );
}

/** Every version with who wrote it and what it changed. */
export function Versions({ achievementId }: { achievementId: number }) {
  const t = useTranslations("achievements");
  const trpc = useTRPC();
  const format = useFormatter();
  const versions = useQuery(trpc.achievements.versions.queryOptions({ achievementId }));
  const fieldLabel = (f: string) =>
    ({
      kind: t("form.kind"),
      titleZh: t("form.titleZh"),
      titleEn: t("form.titleEn"),
      summaryZh: t("form.summaryZh"),
      summaryEn: t("form.summaryEn"),
      trl: t("form.trl"),
      ipStatus: t("form.ipStatus"),
      ipNumber: t("form.ipNumber"),
      transferModes: t("form.modes"),
      priceYuan: t("form.price"),
      sectors: t("form.sectors"),
      owners: t("owners"),
    })[f] ?? f;
  return (
    <Card>
      <h2 className="mb-2 font-semibold text-slate-900">{t("detail.versions")}</h2>
      <Loading query={versions}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={t("detail.firstVersion")} />
          ) : (
            <ol className="space-y-2 text-sm">
              {list.map((v) => (
                <li key={v.version}>
                  <span className="font-medium text-slate-800">{t("detail.version", { version: v.version })}</span>
                  {v.current ? <span className="text-slate-500"> · {t("detail.current")}</span> : null}
                  <span className="block text-xs text-slate-500">
                    {format.dateTime(new Date(v.writtenAt), { dateStyle: "medium", timeStyle: "short" })} ·{" "}
                    {t("detail.by", { name: v.editedBy })}
                  </span>
                  <span className="block text-xs text-slate-600">
                    {v.changed.length
                      ? t("detail.changed", { fields: v.changed.map(fieldLabel).join(", ") })
                      : v.version === 1
                        ? t("detail.firstVersion")
                        : null}
                  </span>
                </li>
              ))}
            </ol>
          )
        }
      </Loading>
    </Card>
  );
}
