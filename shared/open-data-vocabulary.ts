/** States of one open-data dump: queued (by the nightly schedule or an admin), being written, written, failed. */
export const dumpStatuses = ["queued", "running", "done", "failed"] as const;
export type DumpStatus = (typeof dumpStatuses)[number];

/** What started a dump. */
export const dumpTriggers = ["nightly", "manual"] as const;
export type DumpTrigger = (typeof dumpTriggers)[number];

/**
 * Limits of the open data API, as plain numbers: the admin page reads them without loading the zod
 * contract into the browser (which alone put ~34 kB on the admin page's first load).
 */
export const apiLimits = { pageMax: 100, pageDefault: 25, anonymousPerMinute: 60, keyPerMinuteDefault: 600 } as const;
