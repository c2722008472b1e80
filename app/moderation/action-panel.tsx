"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import type { Role } from "@/shared/vocabulary";
import { Button } from "../components/ui/button";
import { Alert } from "../components/ui/card";
import { Field, SelectInput } from "../components/ui/field";
import { TextArea } from "../components/ui/text-area";
import type { RouterOutputs } from "../lib/router-types";
import { useTRPC } from "../lib/trpc";
import { describeModerationError } from "../_features/moderation/errors";
import { TargetForumField } from "../_features/moderation/target-forum-field";

type Action = "hide" | "restore" | "approve" | "dismiss" | "lock" | "unlock" | "move" | "suspend" | "lift";
const durations = [1, 3, 7, 30, 90] as const;

/**
 * The moderator's actions on one queue item. Each asks for a reason and a second, explicit
 * confirmation; the server decides again who may do what (own content, moderators' accounts).
 */
export type QueueItem = RouterOutputs["moderation"]["queue"]["items"][number];

export function ActionPanel({
  item,
  viewerId,
  viewerRole,
  onDone,
}: {
  item: QueueItem;
  viewerId: number;
  viewerRole: Role;
  onDone: () => void;
}) {
  const t = useTranslations("moderation");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const id = useId();
  const [action, setAction] = useState<Action | null>(null);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const [forumId, setForumId] = useState<number | "">("");
  const [days, setDays] = useState<number | "">(7);
  const [done, setDone] = useState<string | null>(null);
  const finish = (name: Action) => () => {
    setDone(t("done", { action: t(`actions.${name}`) }));
    setAction(null);
    setReason("");
    onDone();
  };
  const hide = useMutation(trpc.moderation.hide.mutationOptions({ onSuccess: finish("hide") }));
  const restore = useMutation(
    trpc.moderation.restore.mutationOptions({ onSuccess: finish(item.item.state === "held" ? "approve" : "restore") }),
  );
  const dismiss = useMutation(trpc.moderation.dismiss.mutationOptions({ onSuccess: finish("dismiss") }));
  const lock = useMutation(trpc.moderation.lock.mutationOptions({ onSuccess: () => finish(action ?? "lock")() }));
  const move = useMutation(trpc.moderation.move.mutationOptions({ onSuccess: finish("move") }));
  const suspend = useMutation(trpc.moderation.suspend.mutationOptions({ onSuccess: finish("suspend") }));
  const lift = useMutation(trpc.moderation.lift.mutationOptions({ onSuccess: finish("lift") }));
  const all = [hide, restore, dismiss, lock, move, suspend, lift];
  const busy = all.some((m) => m.isPending);
  const error = all.find((m) => m.error)?.error ?? null;

  const author = item.author;
  const own = author?.id === viewerId;
  const target = { targetKind: item.targetKind, targetId: item.targetId };
  const state = item.item.state;
  const authorSuspended = author?.suspendedUntil ? new Date(author.suspendedUntil) > new Date() : false;
  const mayTouchAccount =
    author !== null && !own && (viewerRole === "admin" || (author.role !== "moderator" && author.role !== "admin"));
  const available: Action[] = [
    ...(state === "visible" || state === "held" ? (["hide"] as const) : []),
    ...(state === "hidden" ? (["restore"] as const) : []),
    ...(state === "held" ? (["approve"] as const) : []),
    ...(item.reports.some((r) => r.reason !== "held") ? (["dismiss"] as const) : []),
    ...(item.item.threadId !== null ? (["lock", "unlock"] as const) : []),
    ...(item.targetKind === "topic" ? (["move"] as const) : []),
    ...(mayTouchAccount && !authorSuspended ? (["suspend"] as const) : []),
    ...(mayTouchAccount && authorSuspended ? (["lift"] as const) : []),
  ];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!action) return;
    if (!reason.trim()) return setMissing(true);
    setMissing(false);
    setDone(null);
    for (const m of all) m.reset();
    switch (action) {
      case "hide":
        return hide.mutate({ ...target, reason });
      case "restore":
      case "approve":
        return restore.mutate({ ...target, reason });
      case "dismiss":
        return dismiss.mutate({ ...target, reason });
      case "lock":
      case "unlock":
        return lock.mutate({ threadId: item.item.threadId!, locked: action === "lock", reason });
      case "move":
        if (forumId === "") return;
        return move.mutate({ topicId: item.targetId, forumId, reason });
      case "suspend":
        return suspend.mutate({ accountId: author!.id, days: days === "" ? null : days, reason });
      case "lift":
        return lift.mutate({ accountId: author!.id, reason });
    }
  }

  if (own) return <Alert tone="info">{t("errors.OWN_CONTENT")}</Alert>;
  return (
    <div className="space-y-3 border-t border-slate-100 pt-3">
      {done ? <Alert tone="success">{done}</Alert> : null}
      {error ? <Alert>{describeModerationError(error, t, tErrors)}</Alert> : null}
      <div className="flex flex-wrap gap-2" role="group" aria-label={t("title")}>
        {available.map((name) => (
          <Button
            key={name}
            size="sm"
            variant={name === "hide" || name === "suspend" ? "danger" : "secondary"}
            aria-pressed={action === name}
            onClick={() => setAction(action === name ? null : name)}
            data-testid={`action-${name}`}
          >
            {t(`actions.${name}`)}
          </Button>
        ))}
      </div>
      {action ? (
        <form onSubmit={submit} className="space-y-3 rounded-md bg-slate-50 p-3" noValidate>
          {action === "move" ? <TargetForumField id={`${id}-forum`} value={forumId} onChange={setForumId} /> : null}
          {action === "suspend" ? (
            <Field label={t("duration")} htmlFor={`${id}-days`}>
              <SelectInput
                id={`${id}-days`}
                value={days}
                onChange={(e) => setDays(e.target.value ? Number(e.target.value) : "")}
              >
                {durations.map((d) => (
                  <option key={d} value={d}>
                    {t("days", { count: d })}
                  </option>
                ))}
                <option value="">{t("untilLifted")}</option>
              </SelectInput>
            </Field>
          ) : null}
          <Field label={t("reason")} htmlFor={`${id}-reason`} error={missing ? t("reasonRequired") : null}>
            <TextArea
              id={`${id}-reason`}
              rows={2}
              maxLength={500}
              value={reason}
              invalid={missing}
              placeholder={t("reasonPlaceholder")}
              onChange={(e) => setReason(e.target.value)}
              data-testid="action-reason"
            />
          </Field>
          <div className="flex gap-2">
            <Button
              type="submit"
              size="sm"
              variant={action === "hide" || action === "suspend" ? "danger" : "primary"}
              busy={busy}
              data-testid="action-confirm"
            >
              {t("confirm", { action: t(`actions.${action}`) })}
            </Button>
            <Button type="button" size="sm" variant="ghost" onClick={() => setAction(null)}>
              {t("cancel")}
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
