"use client";
import { useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

/**
 * Writes query parameters (empty ones removed) without a navigation; Next keeps useSearchParams in step.
 *
 * The entry keeps the router's own history state, less its `__NA` mark. Next patches replaceState in an
 * effect after hydration: once patched, it adds the mark back and syncs its URL. Before that (typing
 * while a slow machine is still hydrating), a bare `replaceState(null)` left an entry without state, and
 * Back to it did nothing: the URL changed and the page stayed. An entry without the mark is reloaded on
 * Back instead, which lands on the right list.
 */
export function writeParams(values: Record<string, string>): void {
  const url = new URL(window.location.href);
  for (const [name, value] of Object.entries(values)) {
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  }
  window.history.replaceState(
    stateWithoutRouterMark(window.history.state),
    "",
    `${url.pathname}${url.search}${url.hash}`,
  );
}

/** The history entry's state without Next's `__NA` mark, which would make the patched replaceState skip its URL sync. */
export function stateWithoutRouterMark(state: unknown): Record<string, unknown> {
  if (state === null || typeof state !== "object") return {};
  const { __NA: _mark, ...rest } = state as Record<string, unknown>;
  return rest;
}

/**
 * A list filter kept in the URL's query string, so Back and a shared link show the same list. The
 * page's own state answers at once (typing stays smooth); the URL is replaced, not pushed, so each
 * keystroke is not a history entry.
 */
export function useUrlText(name: string): [string, (value: string) => void] {
  const params = useSearchParams();
  const [value, setValue] = useState(() => params.get(name) ?? "");
  const set = useCallback(
    (next: string) => {
      setValue(next);
      writeParams({ [name]: next });
    },
    [name],
  );
  return [value, set];
}

/** A positive id in the URL, or null. */
export function useUrlId(name: string): [number | null, (value: number | null) => void] {
  const [text, setText] = useUrlText(name);
  const id = Number(text);
  return [
    Number.isSafeInteger(id) && id > 0 ? id : null,
    useCallback((next: number | null) => setText(next === null ? "" : String(next)), [setText]),
  ];
}

/** One of a fixed set of choices in the URL; the fallback when absent or unknown (and then left out of the URL). */
export function useUrlChoice<T extends string>(
  name: string,
  choices: readonly T[],
  fallback: T,
): [T, (value: T) => void] {
  const [text, setText] = useUrlText(name);
  const value = choices.includes(text as T) ? (text as T) : fallback;
  return [value, useCallback((next: T) => setText(next === fallback ? "" : next), [setText, fallback])];
}

/** Like useUrlChoice, with "none" as null. */
export function useUrlOptionalChoice<T extends string>(
  name: string,
  choices: readonly T[],
): [T | null, (value: T | null) => void] {
  const [text, setText] = useUrlText(name);
  return [
    choices.includes(text as T) ? (text as T) : null,
    useCallback((next: T | null) => setText(next ?? ""), [setText]),
  ];
}
