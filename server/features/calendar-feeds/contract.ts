import { z } from "zod";
import { calendarFeedScopes } from "@/shared/calendar-feed-vocabulary";
import { locales } from "@/shared/vocabulary";

const id = z.number().int().positive().max(2_147_483_647);

/** A new feed: its scope, the region of a region feed, and the language its events are written in. */
export const createFeedInput = z
  .object({ scope: z.enum(calendarFeedScopes), regionId: id.nullish(), locale: z.enum(locales) })
  .refine((input) => (input.scope === "region") === (input.regionId != null), {
    message: "A region feed names its region; the other feeds name none",
    path: ["regionId"],
  });

export const feedIdInput = z.object({ feedId: id });
