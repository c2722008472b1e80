"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState, type FormEvent } from "react";
import { streamKey } from "@/server/domain/stream-access";
import { talentLimits, type ApplicationAction } from "@/shared/talent-vocabulary";
import type { ApplicationView } from "@/server/features/talent/contract";
import { Button } from "../../components/ui/button";
import { Alert, Badge, Card, EmptyState, Skeleton } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { useConfirm } from "../../components/ui/confirm-dialog";
import { describeError } from "../../lib/errors";
import { applyPipelineEvent, withApplication } from "../../lib/live/talent-pipeline";
import { applyPostingPageEvent, withOwnApplication, withPosting } from "../../lib/live/talent-posting";
import { useTRPC } from "../../lib/trpc";
import { useLiveQuery } from "../../lib/use-live-query";
import { useRegions } from "../../lib/use-regions";
import { downloadText } from "../fund/money";
import { ApplicationStatusBadge } from "./talent-bits";

const askFirst = new Set<ApplicationAction>(["decline", "withdraw"]);

/** The steps a person can take on an application, as buttons; the server decides again on each. */
function ActionButtons({
  applicationId,
  actions,
  onDone,
  side,
}: {
  applicationId: number;
  actions: readonly ApplicationAction[];
  /** With the application as the step left it. */
  onDone: (application: ApplicationView) => void;
  side: "host" | "applicant";
}) {
  const t = useTranslations("talent");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const confirm = useConfirm();
  const move = useMutation(trpc.talent.move.mutationOptions({ onSuccess: onDone }));
  if (actions.length === 0) return null;
  async function act(action: ApplicationAction) {
    if (askFirst.has(action) && !(await confirm({ message: t(`confirm.${action}.${side}`), tone: "danger" }))) return;
    move.mutate({ applicationId, action });
  }
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {actions.map((action) => (
          <Button
            key={action}
            size="sm"
            variant={askFirst.has(action) ? "secondary" : "primary"}
            busy={move.isPending && move.variables?.action === action}
            disabled={move.isPending}
            onClick={() => void act(action)}
          >
            {t(`actions.${action}.${side}`)}
          </Button>
        ))}
      </div>
      {move.error ? <Alert>{describeError(move.error, tErrors)}</Alert> : null}
    </div>
  );
}

/** The host's pipeline, live on the posting's stream: new applications and steps arrive as they commit. */
function HostPipeline({ postingId, open }: { postingId: number; open: boolean }) {
  const t = useTranslations("talent");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const query = useQuery(trpc.talent.pipeline.queryOptions({ postingId }));
  const queryKey = useMemo(() => trpc.talent.pipeline.queryKey({ postingId }), [trpc, postingId]);
  useLiveQuery(queryKey, streamKey({ kind: "posting", id: postingId }), query.data, applyPipelineEvent);
  // The host's own step comes back with its row (as it comes on the stream): the next steps follow by the rule.
  const moved = (application: ApplicationView) =>
    queryClient.setQueryData(queryKey, (view) => view && withApplication(view, application));
  // Opening or closing changes the posting, not its applications; the answer is the posting as the page shows it.
  const status = useMutation(
    trpc.talent.setStatus.mutationOptions({
      onSuccess: (posting) =>
        queryClient.setQueryData(trpc.talent.get.queryKey({ postingId }), (view) => view && withPosting(view, posting)),
    }),
  );
  const exporter = useMutation({
    mutationFn: () => queryClient.fetchQuery(trpc.talent.export.queryOptions({ postingId })),
    onSuccess: (file) => downloadText(file.body, file.filename, `${file.mimeType};charset=utf-8`),
  });

  return (
    <section aria-labelledby="pipeline-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="pipeline-heading" className="text-lg font-semibold text-slate-900">
          {t("pipeline.title")}
        </h2>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" busy={exporter.isPending} onClick={() => exporter.mutate()}>
            {t("pipeline.export")}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            busy={status.isPending}
            onClick={() => status.mutate({ postingId, status: open ? "closed" : "open" })}
          >
            {open ? t("pipeline.close") : t("pipeline.reopen")}
          </Button>
        </div>
      </div>
      {status.error ? <Alert>{describeError(status.error, tErrors)}</Alert> : null}
      {exporter.error ? <Alert>{describeError(exporter.error, tErrors)}</Alert> : null}
      {query.isPending ? (
        <Skeleton lines={4} />
      ) : query.error ? (
        <Alert>{describeError(query.error, tErrors)}</Alert>
      ) : query.data.applications.length === 0 ? (
        <EmptyState title={t("pipeline.empty")}>{t("pipeline.emptyHint")}</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="pipeline">
          {query.data.applications.map((a) => (
            <li
              key={a.id}
              className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
              data-testid="pipeline-row"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium text-slate-900">
                  <Link href={`/people/${a.applicant.id}`} className="hover:underline">
                    {a.applicant.displayName}
                  </Link>{" "}
                  <span className="text-sm font-normal text-slate-600">
                    {a.applicant.organisation} · {regions.name(a.applicant.regionId)}
                  </span>
                </p>
                <ApplicationStatusBadge status={a.status} />
              </div>
              <p className="mt-2 whitespace-pre-line text-sm text-slate-700">{a.statement}</p>
              <p className="mt-1 text-xs text-slate-500">
                {t("appliedAt", { date: format.dateTime(new Date(a.createdAt), { dateStyle: "medium" }) })}
              </p>
              <div className="mt-3">
                <ActionButtons applicationId={a.id} actions={a.actions} side="host" onDone={moved} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ApplyForm({ postingId, onDone }: { postingId: number; onDone: (application: ApplicationView) => void }) {
  const t = useTranslations("talent");
  const tCommon = useTranslations("common");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [statement, setStatement] = useState("");
  const [missing, setMissing] = useState(false);
  const apply = useMutation(trpc.talent.applyFor.mutationOptions({ onSuccess: onDone }));
  function submit(event: FormEvent) {
    event.preventDefault();
    setMissing(!statement.trim());
    if (statement.trim()) apply.mutate({ postingId, statement });
  }
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <Field
        label={t("apply.statement")}
        htmlFor="application-statement"
        hint={t("apply.statementHint")}
        error={missing ? tCommon("required") : null}
      >
        <TextArea
          id="application-statement"
          rows={5}
          value={statement}
          maxLength={talentLimits.statementMax}
          invalid={missing}
          onChange={(e) => setStatement(e.target.value)}
        />
      </Field>
      {apply.error ? <Alert>{describeError(apply.error, tErrors)}</Alert> : null}
      <Button type="submit" busy={apply.isPending}>
        {t("apply.submit")}
      </Button>
    </form>
  );
}

/** A posting: its details; for the host the live pipeline; for others their application or the form to apply. */
export function PostingView({ postingId, viewerId }: { postingId: number; viewerId: number | null }) {
  const t = useTranslations("talent");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const signedIn = viewerId !== null;
  const query = useQuery(trpc.talent.get.queryOptions({ postingId }));
  const queryKey = useMemo(() => trpc.talent.get.queryKey({ postingId }), [trpc, postingId]);
  // The reader's own application moves on their own stream (the posting's is the host's); the host follows the pipeline.
  const ownStream = viewerId === null || query.data?.canManage ? null : streamKey({ kind: "user", id: viewerId });
  useLiveQuery(queryKey, ownStream, query.data, applyPostingPageEvent);
  // The reader's own apply or step answers with the application as it left it: set, not read again.
  const settle = (application: ApplicationView) =>
    queryClient.setQueryData(queryKey, (view) => view && withOwnApplication(view, application));

  if (query.isPending)
    return (
      <Card>
        <Skeleton lines={6} />
      </Card>
    );
  if (query.error) return <Alert>{describeError(query.error, tErrors)}</Alert>;
  const { posting, canManage, mine } = query.data;
  const open = posting.status === "open";

  return (
    <div className="space-y-6">
      <Card>
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone="brand">{t(`kinds.${posting.kind}`)}</Badge>
          <Badge>{posting.field}</Badge>
          {open ? null : <Badge tone="amber">{t("closed")}</Badge>}
        </div>
        <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">{t("host")}</dt>
            <dd className="font-medium text-slate-900">
              {posting.hostOrganisation} · {regions.name(posting.hostRegionId)}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("postedBy")}</dt>
            <dd>
              <Link href={`/people/${posting.postedBy.id}`} className="font-medium text-brand-700 hover:underline">
                {posting.postedBy.displayName}
              </Link>
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("durationLabel")}</dt>
            <dd className="font-medium text-slate-900">
              {t("duration", { months: posting.durationMonths })} · {t("places", { count: posting.places })}
              {posting.startsOn ? ` · ${t("startsOn", { date: posting.startsOn })}` : ""}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("support")}</dt>
            <dd className="text-slate-900">{posting.support || "—"}</dd>
          </div>
        </dl>
        <p className="mt-4 whitespace-pre-line text-sm text-slate-700">{posting.description}</p>
      </Card>

      {canManage ? (
        <HostPipeline postingId={posting.id} open={open} />
      ) : !signedIn ? (
        <Alert tone="info">
          {t("apply.signIn")}{" "}
          <Link href={`/sign-in?callbackUrl=/talent/${posting.id}`} className="font-medium underline">
            {t("apply.signInLink")}
          </Link>
        </Alert>
      ) : mine ? (
        <Card>
          <h2 className="text-lg font-semibold text-slate-900">{t("mine.title")}</h2>
          <div className="mt-2 flex items-center gap-2 text-sm text-slate-700">
            {t("mine.status")} <ApplicationStatusBadge status={mine.status} />
          </div>
          <p className="mt-2 text-sm text-slate-600">{t(`mine.explain.${mine.status}`)}</p>
          <div className="mt-3">
            <ActionButtons applicationId={mine.id} actions={mine.actions} side="applicant" onDone={settle} />
          </div>
        </Card>
      ) : open ? (
        <Card>
          <h2 className="mb-3 text-lg font-semibold text-slate-900">{t("apply.title")}</h2>
          <ApplyForm postingId={posting.id} onDone={settle} />
        </Card>
      ) : (
        <Alert tone="info">{t("apply.closed")}</Alert>
      )}
    </div>
  );
}
