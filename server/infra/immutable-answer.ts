import { processSlot } from "./process-slots";

/** Shared by both module graphs (a value Next's server components cached is recognised by the API path). */
const marked = () => processSlot("immutableAnswers", () => new WeakSet<object>());

/**
 * Marks a value a procedure answers with, unchanged, to many callers (a cached read): it is frozen, so the
 * API path may serialise it once and send the same bytes to every caller (`server/trpc/http-query.ts`).
 */
export function immutableAnswer<T extends object>(value: T): T {
  deepFreeze(value);
  marked().add(value);
  return value;
}

export function isImmutableAnswer(value: unknown): value is object {
  return typeof value === "object" && value !== null && marked().has(value);
}

function deepFreeze(value: object): void {
  if (Object.isFrozen(value) || value instanceof Date) return;
  Object.freeze(value);
  for (const inner of Object.values(value) as unknown[])
    if (typeof inner === "object" && inner !== null) deepFreeze(inner);
}
