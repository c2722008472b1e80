"use client";
import { afterPage } from "@/app/components/ui/after-page";

/**
 * The moderators' tools on a topic page: only moderators and admins see them, so their code (forms for
 * hiding, locking and moving) loads after the page, and nothing can be typed into them before it has run.
 */
export const ModeratorToolsSection = afterPage(
  () => import("./moderator-tools").then((m) => m.ModeratorTools),
  () => null,
);
