"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { lazy, Suspense, useEffect, useMemo } from "react";
import { streamKey } from "@/server/domain/stream-access";
import type { MeetingAction } from "@/server/features/meetings/rules";
import { Button, ButtonLink } from "../../components/ui/button";
import { afterPage } from "../../components/ui/after-page";
import { Alert, Card, Skeleton } from "../../components/ui/card";
import { useConfirm } from "../../components/ui/confirm-dialog";
import { describeError } from "../../lib/errors";
import { usePresence } from "../../lib/realtime";
import { useLiveQuery } from "../../lib/use-live-query";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";
import { AgendaEditor } from "./agenda-editor";
import { AttendancePanel } from "./attendance-panel";
import { MeetingStatusBadge, useChinaTime, usePick } from "./meeting-bits";
import type { MeetingData } from "./types";

// Polls (their forms and the chart) load only on a page that shows them: the page's first load stays in budget.
// Panels only some meetings show load on demand, which keeps the page's first load within its budget.
const PollsPanel = lazy(() => import("./polls/polls-panel").then((m) => ({ default: m.PollsPanel })));
const TimePollPanel = lazy(() => import("./polls/time-poll-panel").then((m) => ({ default: m.TimePollPanel })));
const RecordPanel = lazy(() => import("./record/record-panel").then((m) => ({ default: m.RecordPanel })));

function PanelLoading() {
  return (
    <Card>
      <Skeleton lines={3} />
    </Card>
  );
}

/**
 * The session (current item, timer, speakers, check-in) shows only while the meeting is in session, so its
 * code loads after the page without suspending it; a scheduled meeting fetches it early, so the panel is
 * there as soon as the chair opens the session and the live notice arrives.
 */
const SessionPanel = afterPage(
  () => import("./session-panel").then((m) => m.SessionPanel),
  () => <PanelLoading />,
);

const dangerous = new Set<MeetingAction>(["cancel", "end", "approve_minutes"]);

// The reducer (with the meeting rules it applies a status change by) is needed only once an event or
// the chair's transition arrives: it loads after the page, which keeps the page's first load in budget.
const loadMeetingReducer = () => import("../../lib/live/meeting-view");
const meetingEvents = { load: () => loadMeetingReducer().then((m) => m.applyMeetingEvent) };

/** A meeting, live for everyone watching: details, lifecycle, agenda, session, attendance and record. */
export function MeetingView({ meetingId }: { meetingId: number }) {
  const t = useTranslations("meetings");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const pick = usePick();
  const time = useChinaTime();
  const regions = useRegions();
  const stream = streamKey({ kind: "meeting", id: meetingId });
  const viewers = usePresence(stream);
  const query = useQuery(trpc.meetings.get.queryOptions({ meetingId }));
  const queryKey = useMemo(() => trpc.meetings.get.queryKey({ meetingId }), [trpc, meetingId]);
  useLiveQuery(queryKey, stream, query.data, meetingEvents);
  // The new header comes back with the transition (and on the stream): what the chair may do follows from it.
  // Should the reducer's code not load, the meeting is read again instead.
  const transition = useMutation(
    trpc.meetings.transition.mutationOptions({
      onSuccess: (meeting) =>
        loadMeetingReducer().then(
          ({ withMeetingHeader }) => {
            queryClient.setQueryData(queryKey, (view) => view && withMeetingHeader(view, meeting));
          },
          () => queryClient.invalidateQueries({ queryKey }),
        ),
    }),
  );
  const status = query.data?.meeting.status;
  useEffect(() => {
    if (status === "scheduled") SessionPanel.preload().catch(() => {});
  }, [status]);

  if (query.isPending)
    return (
      <Card>
        <Skeleton lines={6} />
      </Card>
    );
  if (query.error) return <Alert>{describeError(query.error, tErrors)}</Alert>;
  const data: MeetingData = query.data;
  const m = data.meeting;

  async function act(action: MeetingAction) {
    if (dangerous.has(action) && !(await confirm({ message: t(`confirm.${action}`), tone: "danger" }))) return;
    transition.mutate({ meetingId, action });
  }

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <MeetingStatusBadge status={m.status} />
          <span className="text-sm text-slate-600">{t(`kinds.${m.kind}`)}</span>
          {m.publicPage ? <span className="text-sm text-slate-600">· {t("publicPage")}</span> : null}
          {viewers !== null ? (
            <span className="text-xs text-slate-500" data-testid="meeting-viewers">
              · {t("viewers", { count: viewers })}
            </span>
          ) : null}
        </div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{pick(m, "title")}</h1>
        <dl className="grid gap-x-6 gap-y-1 text-sm text-slate-700 sm:grid-cols-[auto_1fr]">
          <dt className="font-medium text-slate-500">{t("when")}</dt>
          <dd>
            {time.span(m.startsAt, m.endsAt)} <span className="text-slate-500">({t("chinaTime")})</span>
          </dd>
          <dt className="font-medium text-slate-500">{t("host")}</dt>
          <dd>{regions.name(m.hostRegionId)}</dd>
          {m.place ? (
            <>
              <dt className="font-medium text-slate-500">{t("place")}</dt>
              <dd>{m.place}</dd>
            </>
          ) : null}
          {m.onlineUrl ? (
            <>
              <dt className="font-medium text-slate-500">{t("online")}</dt>
              <dd>
                <a href={m.onlineUrl} rel="noopener noreferrer" className="break-all text-brand-700 hover:underline">
                  {m.onlineUrl}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
        <p className="text-sm">
          <a href={`/api/meetings/${m.id}/ics`} className="text-brand-700 hover:underline" download>
            {t("addToCalendar")}
          </a>
        </p>
        {pick(m, "description") ? <p className="whitespace-pre-line text-slate-700">{pick(m, "description")}</p> : null}
        {data.viewer.mayRun ? (
          <div className="flex flex-wrap gap-2" data-testid="meeting-actions">
            {data.viewer.agendaEditable ? (
              <ButtonLink href={`/meetings/${m.id}/edit`} variant="secondary" size="sm">
                {t("edit")}
              </ButtonLink>
            ) : null}
            {data.viewer.actions.map((action) => (
              <Button
                key={action}
                size="sm"
                variant={action === "cancel" ? "danger" : "primary"}
                busy={transition.isPending && transition.variables?.action === action}
                onClick={() => void act(action)}
              >
                {t(`actions.${action}`)}
              </Button>
            ))}
          </div>
        ) : null}
        {transition.error ? <Alert>{describeError(transition.error, tErrors)}</Alert> : null}
      </header>

      {m.status === "in_session" ? <SessionPanel data={data} /> : null}
      {data.timePoll || data.viewer.agendaEditable ? (
        <Suspense fallback={<PanelLoading />}>
          <TimePollPanel data={data} />
        </Suspense>
      ) : null}
      {m.status === "in_session" || data.polls.length > 0 ? (
        <Suspense fallback={<PanelLoading />}>
          <PollsPanel data={data} />
        </Suspense>
      ) : null}
      <AgendaEditor data={data} />
      <AttendancePanel data={data} />
      {data.decisions.length > 0 ? (
        <Suspense fallback={<PanelLoading />}>
          <RecordPanel data={data} />
        </Suspense>
      ) : null}
      <p className="text-sm">
        <Link href="/decisions" className="text-brand-700 hover:underline">
          {t("toRegister")}
        </Link>
      </p>
    </div>
  );
}
