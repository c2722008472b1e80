"use client";
import { afterPage } from "@/app/components/ui/after-page";

/**
 * A page's files, for the server-rendered pages: the files panel reads its list on the client and sits at
 * the foot of the page, so its code (list, versions, upload: ~3 kB) loads after the page.
 */
export const AttachmentsSection = afterPage(() => import("./attachments-panel").then((m) => m.AttachmentsPanel));
