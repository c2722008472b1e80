"use client";
import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import { untilHydrated } from "@/app/components/ui/until-hydrated";
import type { AttachmentsPanel } from "./attachments-panel";

// The files panel reads its list on the client and sits at the foot of the page, so its code (list,
// versions, upload: ~4 kB) loads after the page; its file input stays disabled until that chunk has hydrated.
const Panel = dynamic(() => import("./attachments-panel").then((m) => untilHydrated(m.AttachmentsPanel)));

/** A page's files, for the server-rendered pages: {@link AttachmentsPanel} loaded after the page. */
export function AttachmentsSection(props: ComponentProps<typeof AttachmentsPanel>) {
  return <Panel {...props} />;
}
