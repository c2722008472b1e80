"use client";
import { useRouter } from "next/navigation";
import { useLiveStream } from "@/app/lib/realtime";

/**
 * Re-renders a server page when its item changes under moderation (hidden, restored, locked, moved),
 * so every open page shows the change without a reload.
 */
export function LiveRefresh({ stream, types }: { stream: string; types: string[] }) {
  const router = useRouter();
  useLiveStream(stream, {
    onEvent: (event) => {
      if (types.includes(event.type)) router.refresh();
    },
    onResync: () => undefined,
  });
  return null;
}
