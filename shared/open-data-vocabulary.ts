/** States of one open-data dump: queued (by the nightly schedule or an admin), being written, written, failed. */
export const dumpStatuses = ["queued", "running", "done", "failed"] as const;
export type DumpStatus = (typeof dumpStatuses)[number];

/** What started a dump. */
export const dumpTriggers = ["nightly", "manual"] as const;
export type DumpTrigger = (typeof dumpTriggers)[number];
