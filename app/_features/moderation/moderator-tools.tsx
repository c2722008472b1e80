"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/app/components/ui/button";
import { Alert } from "@/app/components/ui/card";
import { Field } from "@/app/components/ui/field";
import { TextArea } from "@/app/components/ui/text-area";
import { useTRPC } from "@/app/lib/trpc";
import { describeModerationError } from "./errors";
import { TargetForumField } from "./target-forum-field";

type Tool = "lock" | "unlock" | "hide" | "restore" | "move";

/** A moderator's tools on a topic page, for what nobody reported: lock, hide or move the topic. */
export function ModeratorTools({
  topicId,
  threadId,
  forumId,
  locked,
  state,
}: {
  topicId: number;
  threadId: number;
  forumId: number;
  locked: boolean;
  state: string;
}) {
  const t = useTranslations("moderation");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const id = useId();
  const [tool, setTool] = useState<Tool | null>(null);
  const [reason, setReason] = useState("");
  const [target, setTarget] = useState<number | "">("");
  const queryClient = useQueryClient();
  // The page applies the action's event from the topic's stream; the acting moderator also reads the
  // topic again, so the page follows even when the socket is down.
  const done = () => {
    setTool(null);
    setReason("");
    void queryClient.invalidateQueries({ queryKey: trpc.topics.byId.queryKey({ topicId }) });
  };
  const lock = useMutation(trpc.moderation.lock.mutationOptions({ onSuccess: done }));
  const hide = useMutation(trpc.moderation.hide.mutationOptions({ onSuccess: done }));
  const restore = useMutation(trpc.moderation.restore.mutationOptions({ onSuccess: done }));
  const move = useMutation(trpc.moderation.move.mutationOptions({ onSuccess: done }));
  const all = [lock, hide, restore, move];
  const error = all.find((m) => m.error)?.error;
  const tools: Tool[] = [locked ? "unlock" : "lock", state === "visible" ? "hide" : "restore", "move"];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!tool || !reason.trim()) return;
    if (tool === "lock" || tool === "unlock") lock.mutate({ threadId, locked: tool === "lock", reason });
    if (tool === "hide") hide.mutate({ targetKind: "topic", targetId: topicId, reason });
    if (tool === "restore") restore.mutate({ targetKind: "topic", targetId: topicId, reason });
    if (tool === "move" && target !== "") move.mutate({ topicId, forumId: target, reason });
  }

  return (
    <div
      className="space-y-2 rounded-md border border-dashed border-slate-300 p-3 text-sm"
      data-testid="moderator-tools"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-600">{t("nav")}</span>
        {tools.map((name) => (
          <Button
            key={name}
            size="sm"
            variant={name === "hide" ? "danger" : "secondary"}
            aria-pressed={tool === name}
            onClick={() => setTool(tool === name ? null : name)}
          >
            {t(`actions.${name}`)}
          </Button>
        ))}
      </div>
      {error ? <Alert>{describeModerationError(error, t, tErrors)}</Alert> : null}
      {tool ? (
        <form onSubmit={submit} className="space-y-2" noValidate>
          {tool === "move" ? (
            <TargetForumField id={`${id}-forum`} value={target} onChange={setTarget} currentForumId={forumId} />
          ) : null}
          <Field label={t("reason")} htmlFor={`${id}-reason`}>
            <TextArea
              id={`${id}-reason`}
              rows={2}
              maxLength={500}
              value={reason}
              placeholder={t("reasonPlaceholder")}
              onChange={(e) => setReason(e.target.value)}
            />
          </Field>
          <Button
            type="submit"
            size="sm"
            variant={tool === "hide" ? "danger" : "primary"}
            busy={all.some((m) => m.isPending)}
            disabled={!reason.trim() || (tool === "move" && target === "")}
          >
            {t("confirm", { action: t(`actions.${tool}`) })}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
