"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { itemTimer } from "@/server/features/meetings/rules";
import { Button } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";
import { usePick } from "./meeting-bits";
import type { MeetingData } from "./types";

const clock = (ms: number) => {
  const total = Math.floor(Math.abs(ms) / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
};

/** The item on the floor and its time box, ticking on every screen from the same start the server sent. */
function ItemTimer({ startedAt, minutes }: { startedAt: string; minutes: number }) {
  const t = useTranslations("meetings.session");
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const { remainingMs, overrun } = itemTimer(new Date(startedAt), minutes, now);
  return (
    <p
      role="timer"
      aria-live="off"
      className={`font-mono text-2xl tabular-nums ${overrun ? "text-red-700" : "text-slate-900"}`}
      data-testid="item-timer"
    >
      {overrun ? t("overrun", { time: clock(remainingMs) }) : t("remaining", { time: clock(remainingMs) })}
    </p>
  );
}

/** While in session: the current item, its timer, the chair's switch to another item, and the speaking queue. */
export function SessionPanel({ data }: { data: MeetingData }) {
  const t = useTranslations("meetings.session");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const pick = usePick();
  const regions = useRegions();
  const m = data.meeting;
  const current = data.agenda.find((item) => item.id === m.currentItemId) ?? null;
  const setCurrent = useMutation(trpc.meetings.setCurrentItem.mutationOptions());
  const raise = useMutation(trpc.meetings.raiseHand.mutationOptions());
  const lower = useMutation(trpc.meetings.lowerHand.mutationOptions());
  const floor = useMutation(trpc.meetings.giveFloor.mutationOptions());
  const move = useMutation(trpc.meetings.moveSpeaker.mutationOptions());
  const error = setCurrent.error ?? raise.error ?? lower.error ?? floor.error ?? move.error;
  const mine = data.speakers.find((s) => s.accountId === data.viewer.accountId);
  const index = current ? data.agenda.indexOf(current) : -1;
  const next = data.agenda[index + 1];
  const waiting = data.speakers.filter((s) => s.state === "waiting");

  return (
    <Card>
      <div className="space-y-5" aria-live="polite">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 className="text-sm font-medium uppercase tracking-wide text-emerald-700">{t("now")}</h2>
            <p className="text-xl font-semibold" data-testid="current-item">
              {current ? pick(current, "title") : t("noItem")}
            </p>
            {current?.presenter ? (
              <p className="text-sm text-slate-600">{t("presenter", { name: current.presenter })}</p>
            ) : null}
          </div>
          {current && m.currentItemStartedAt ? (
            <ItemTimer startedAt={m.currentItemStartedAt} minutes={current.durationMinutes} />
          ) : null}
        </div>
        {data.viewer.mayRun && next ? (
          <Button
            size="sm"
            busy={setCurrent.isPending}
            onClick={() => setCurrent.mutate({ itemId: next.id })}
            data-testid="next-item"
          >
            {t("nextItem", { title: pick(next, "title") })}
          </Button>
        ) : null}

        <section aria-labelledby="queue-heading" className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 id="queue-heading" className="font-semibold">
              {t("queue")}
            </h3>
            {data.viewer.registration ? (
              mine ? (
                <Button
                  size="sm"
                  variant="secondary"
                  busy={lower.isPending}
                  onClick={() => lower.mutate({ speakerId: mine.id })}
                >
                  {t("lowerHand")}
                </Button>
              ) : (
                <Button
                  size="sm"
                  variant="secondary"
                  busy={raise.isPending}
                  onClick={() => raise.mutate({ meetingId: m.id })}
                >
                  {t("raiseHand")}
                </Button>
              )
            ) : null}
          </div>
          {data.speakers.length === 0 ? (
            <p className="text-sm text-slate-500">{t("queueEmpty")}</p>
          ) : (
            <ol className="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="speakers">
              {data.speakers.map((s) => {
                const place = waiting.indexOf(s);
                return (
                  <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
                    <span>
                      {s.state === "speaking" ? <strong className="text-emerald-700">{t("speaking")} · </strong> : null}
                      {s.displayName} <span className="text-slate-500">({regions.name(s.regionId)})</span>
                    </span>
                    {data.viewer.mayRun ? (
                      <span className="flex gap-1">
                        {s.state === "waiting" ? (
                          <>
                            <Button
                              size="sm"
                              variant="ghost"
                              disabled={place <= 0}
                              aria-label={t("moveUp", { name: s.displayName })}
                              onClick={() => move.mutate({ speakerId: s.id, direction: "up" })}
                            >
                              ↑
                            </Button>
                            <Button
                              size="sm"
                              variant="ghost"
                              disabled={place === waiting.length - 1}
                              aria-label={t("moveDown", { name: s.displayName })}
                              onClick={() => move.mutate({ speakerId: s.id, direction: "down" })}
                            >
                              ↓
                            </Button>
                            <Button size="sm" variant="secondary" onClick={() => floor.mutate({ speakerId: s.id })}>
                              {t("giveFloor")}
                            </Button>
                          </>
                        ) : (
                          <Button size="sm" variant="secondary" onClick={() => lower.mutate({ speakerId: s.id })}>
                            {t("endTurn")}
                          </Button>
                        )}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          )}
        </section>
        {error ? <Alert>{describeError(error, tErrors)}</Alert> : null}
      </div>
    </Card>
  );
}
