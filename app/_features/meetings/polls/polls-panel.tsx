"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import type { PollView } from "@/server/features/meetings/contract";
import type { PollAnswer } from "@/shared/meeting-polls";
import { Chart } from "../../../components/charts/chart";
import type { ChartSpec } from "../../../components/charts/chart-spec";
import { Button } from "../../../components/ui/button";
import { Alert, Badge, Card } from "../../../components/ui/card";
import { useConfirm } from "../../../components/ui/confirm-dialog";
import { describeError } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc";
import { useRegions } from "../../../lib/use-regions";
import { usePick } from "../meeting-bits";
import { OpenPollForm } from "./open-poll-form";
import { PollVoteForm, useOptionLabel } from "./poll-forms";
import type { MeetingData } from "../types";

const yesNoColors = ["#059669", "#dc2626", "#94a3b8"];

/** The tally as one chart: a bar per region on one common value scale, its figures in the chart's table. */
function usePollSpec(poll: PollView): ChartSpec {
  const t = useTranslations("meetings.polls");
  const regions = useRegions();
  const label = useOptionLabel();
  return useMemo(() => {
    const rows = poll.tally.regions;
    const categories = rows.map((r) => regions.name(r.regionId));
    const column = (i: number) => rows.map((r) => r.values[i] ?? 0);
    if (poll.kind === "yes_no")
      return {
        kind: "bars",
        horizontal: true,
        stacked: true,
        integers: true,
        categories,
        series: (["yes", "no", "abstain"] as const).map((c, i) => ({
          name: t(`choices.${c}`),
          values: column(i),
          color: yesNoColors[i],
        })),
      };
    if (poll.kind === "score")
      return {
        kind: "bars",
        horizontal: true,
        categories,
        max: 5,
        series: [{ name: t("meanScore"), values: column(0) }],
      };
    const best = Math.max(1, ...rows.flatMap((r) => r.values));
    return {
      kind: "bars",
      horizontal: true,
      integers: true,
      categories,
      max: best,
      series: poll.options.map((option, i) => ({ name: label(option), values: column(i) })),
    };
  }, [poll, regions, label, t]);
}

/** The overall figures and, for yes/no and ranked polls, the verdict under the poll's rule. */
function PollSummary({ poll }: { poll: PollView }) {
  const t = useTranslations("meetings.polls");
  const label = useOptionLabel();
  const regions = useRegions();
  const { overall, verdict } = poll.tally;
  const figures =
    poll.kind === "yes_no"
      ? t("overallYesNo", { yes: overall.values[0] ?? 0, no: overall.values[1] ?? 0, abstain: overall.values[2] ?? 0 })
      : poll.kind === "score"
        ? t("overallScore", { mean: (overall.values[0] ?? 0).toFixed(2) })
        : poll.options.map((o, i) => `${label(o)} ${overall.values[i] ?? 0}`).join(" · ");
  const winner = verdict?.winner != null ? poll.options[verdict.winner] : undefined;
  return (
    <div className="space-y-1 text-sm" data-testid="poll-summary">
      <p>
        {t("voters", { count: overall.voters })} · {figures}
      </p>
      {verdict ? (
        <p className={verdict.passes ? "font-medium text-emerald-700" : "font-medium text-red-700"}>
          {poll.kind === "ranked"
            ? winner
              ? t(verdict.passes ? "winnerStands" : "winnerFalls", { option: label(winner) })
              : t("noWinner")
            : t(verdict.passes ? "carried" : "notCarried")}
          {verdict.blockedBy.length > 0
            ? ` ${t("blockedBy", { regions: verdict.blockedBy.map((id) => regions.name(id)).join("、") })}`
            : null}
        </p>
      ) : null}
    </div>
  );
}

function PollCard({ poll, data, onVoted }: { poll: PollView; data: MeetingData; onVoted: (p: PollView) => void }) {
  const t = useTranslations("meetings.polls");
  const tBallots = useTranslations("ballots");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const pick = usePick();
  const confirm = useConfirm();
  const spec = usePollSpec(poll);
  const close = useMutation(trpc.meetings.closePoll.mutationOptions({ onSuccess: (r) => onVoted(r.poll) }));
  const open = poll.status === "open";
  const mine = (data.viewer.pollAnswers as Record<number, PollAnswer | undefined>)[poll.id] ?? null;
  const headingId = `poll-${poll.id}-question`;
  return (
    <article
      aria-labelledby={headingId}
      className="space-y-3 rounded-md border border-slate-200 p-3"
      data-testid="poll"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={open ? "green" : "slate"}>{t(`status.${poll.status}`)}</Badge>
        <span className="text-xs text-slate-600">
          {t(`kinds.${poll.kind}`)} · {tBallots(`rules.${poll.rule}`)}
        </span>
      </div>
      <h4 id={headingId} className="font-semibold">
        {pick(poll, "question")}
      </h4>
      {open && data.viewer.registration ? (
        <PollVoteForm poll={poll} mine={mine} onVoted={(tally) => onVoted({ ...poll, tally })} />
      ) : null}
      <Chart
        spec={spec}
        caption={t("chartCaption", { question: pick(poll, "question") })}
        height={Math.max(120, 48 + poll.tally.regions.length * 36)}
        testId="poll-chart"
        valueFormat={poll.kind === "score" ? { maximumFractionDigits: 2 } : undefined}
      />
      <PollSummary poll={poll} />
      {open && data.viewer.mayRun ? (
        <Button
          size="sm"
          variant="secondary"
          busy={close.isPending}
          onClick={async () => {
            if (await confirm({ message: t("confirmClose"), tone: "danger" })) close.mutate({ pollId: poll.id });
          }}
        >
          {t("close")}
        </Button>
      ) : null}
      {close.error ? <Alert>{describeError(close.error, tErrors)}</Alert> : null}
    </article>
  );
}

/** Quick polls in session: the chair opens and closes them; registrants vote; everyone sees the tally per region live. */
export function PollsPanel({ data }: { data: MeetingData }) {
  const t = useTranslations("meetings.polls");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = trpc.meetings.get.queryKey({ meetingId: data.meeting.id });
  // The answer's own result lands in the cache at once; the live event brings the same to everyone else.
  const put = (poll: PollView) =>
    queryClient.setQueryData(queryKey, (old) =>
      old ? { ...old, polls: [...old.polls.filter((p) => p.id !== poll.id), poll].sort((a, b) => a.id - b.id) } : old,
    );
  const open = data.polls.filter((p) => p.status === "open");
  const closed = data.polls.filter((p) => p.status === "closed").reverse();
  return (
    <Card>
      <section aria-labelledby="polls-heading" className="space-y-4" data-testid="polls">
        <h3 id="polls-heading" className="font-semibold">
          {t("title")}
        </h3>
        {data.viewer.mayRun && data.meeting.status === "in_session" ? (
          <OpenPollForm meetingId={data.meeting.id} onOpened={put} />
        ) : null}
        {open.length === 0 && closed.length === 0 ? <p className="text-sm text-slate-500">{t("none")}</p> : null}
        {open.map((poll) => (
          <PollCard key={poll.id} poll={poll} data={data} onVoted={put} />
        ))}
        {closed.length > 0 ? (
          <div className="space-y-3">
            <h4 className="text-sm font-medium text-slate-600">{t("closedPolls")}</h4>
            {closed.map((poll) => (
              <PollCard key={poll.id} poll={poll} data={data} onVoted={put} />
            ))}
          </div>
        ) : null}
      </section>
    </Card>
  );
}
