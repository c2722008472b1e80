"use client";
import { useRouter } from "next/navigation";
import { useLiveStream } from "@/app/lib/realtime";
import type { StreamKey } from "@/server/domain/stream-access";
import type { EventType } from "@/server/events/contract";

/**
 * Re-renders a server page when its item changes under moderation (hidden, restored, locked, moved),
 * so every open page shows the change without a reload.
 */
export function LiveRefresh({ stream, types }: { stream: StreamKey; types: EventType[] }) {
  const router = useRouter();
  useLiveStream(stream, {
    onEvent: (event) => {
      if (types.includes(event.type)) router.refresh();
    },
    onResync: () => undefined,
  });
  return null;
}
