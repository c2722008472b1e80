"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { limits } from "@/shared/vocabulary";
import { Button } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, TextInput } from "../../components/ui/field";
import { TextArea } from "../../components/ui/text-area";
import { useServerErrors } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

export function NewTopicForm({ forumId }: { forumId: number }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [missing, setMissing] = useState<"title" | "body" | null>(null);
  const create = useMutation(
    trpc.topics.create.mutationOptions({ onSuccess: (topic) => router.push(`/topics/${topic.id}`) }),
  );
  const server = useServerErrors(create.error, ["title", "body"]);
  const titleError = missing === "title" ? t("common.required") : server.at("title");
  const bodyError = missing === "body" ? t("common.required") : server.at("body");

  if (!open) {
    return (
      <Button onClick={() => setOpen(true)} data-testid="new-topic">
        {t("forums.newTopic")}
      </Button>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const blank = !title.trim() ? "title" : !body.trim() ? "body" : null;
    setMissing(blank);
    if (!blank) create.mutate({ forumId, title, body });
  }

  return (
    <Card>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <h2 className="font-semibold">{t("forums.newTopic")}</h2>
        {server.banner ? <Alert>{server.banner}</Alert> : null}
        <Field label={t("forums.topicTitle")} htmlFor="topic-title" error={titleError}>
          <TextInput
            id="topic-title"
            value={title}
            maxLength={limits.titleMax}
            invalid={!!titleError}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <Field label={t("forums.topicBody")} htmlFor="topic-body" hint={t("forums.markdownHint")} error={bodyError}>
          <TextArea
            id="topic-body"
            rows={6}
            value={body}
            maxLength={limits.topicBodyMax}
            invalid={!!bodyError}
            onChange={(e) => setBody(e.target.value)}
          />
        </Field>
        <div className="flex gap-2">
          <Button type="submit" busy={create.isPending}>
            {t("forums.postTopic")}
          </Button>
          <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
            {t("topic.cancel")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
