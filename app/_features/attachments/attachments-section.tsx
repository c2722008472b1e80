"use client";
import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import { Card, Skeleton } from "@/app/components/ui/card";
import { untilHydrated } from "@/app/components/ui/until-hydrated";
import type { AttachmentsPanel } from "./attachments-panel";

// The files panel reads its list on the client and sits at the foot of the page, so its code (list,
// versions, upload: ~4 kB) loads after the page; its file input stays disabled until that chunk has hydrated.
// The loading state is also the panel's own Suspense boundary, so the page never waits for this chunk.
const Panel = dynamic(() => import("./attachments-panel").then((m) => untilHydrated(m.AttachmentsPanel)), {
  loading: () => (
    <Card>
      <Skeleton lines={2} />
    </Card>
  ),
});

/** A page's files, for the server-rendered pages: {@link AttachmentsPanel} loaded after the page. */
export function AttachmentsSection(props: ComponentProps<typeof AttachmentsPanel>) {
  return <Panel {...props} />;
}
