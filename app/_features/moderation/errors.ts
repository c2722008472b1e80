import { describeError, errorData } from "@/app/lib/errors";

type Translate = ((key: string) => string) & { has: (key: string) => boolean };

/** Moderation's own reasons read from its catalogue; everything else as the rest of the app describes it. */
export function describeModerationError(error: unknown, tModeration: Translate, tErrors: Translate): string {
  const reason = errorData(error)?.reason;
  if (reason && tModeration.has(`errors.${reason}`)) return tModeration(`errors.${reason}`);
  return describeError(error, tErrors);
}
