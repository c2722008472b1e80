"use client";
import { afterPage } from "@/app/components/ui/after-page";

/**
 * A topic's or forum's opinion rounds, for the server-rendered pages: the list is read on the client and
 * its form opens behind a button, so its code loads after the page.
 */
export const RoundListSection = afterPage(() => import("./round-list").then((m) => m.RoundList));
