import type { RouterOutputs } from "../../lib/router-types";

/** `meetings.get` as the page's cache holds it. */
export type MeetingData = RouterOutputs["meetings"]["get"];
export type AgendaEntry = MeetingData["agenda"][number];
