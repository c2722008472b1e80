"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/app/components/ui/button";
import { useTRPC } from "@/app/lib/trpc";

/** Follow a topic's or project's discussion (its thread) to be told of new comments; unfollow at any time. */
export function FollowButton({ threadId }: { threadId: number }) {
  const t = useTranslations("follow");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.notifications.following.queryOptions({ threadId }));
  const toggle = useMutation(
    trpc.notifications.setFollowing.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.notifications.following.queryKey({ threadId }), data),
    }),
  );
  const following = state.data?.following ?? false;
  return (
    <Button
      variant={following ? "secondary" : "ghost"}
      size="sm"
      busy={toggle.isPending}
      disabled={state.isPending}
      aria-pressed={following}
      title={t("hint")}
      onClick={() => toggle.mutate({ threadId, following: !following })}
      data-testid="follow-button"
    >
      {following ? t("following") : t("follow")}
    </Button>
  );
}
