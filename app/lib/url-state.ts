"use client";
import { useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

/** Writes query parameters (empty ones removed) without a navigation; Next keeps useSearchParams in step. */
export function writeParams(values: Record<string, string>): void {
  const url = new URL(window.location.href);
  for (const [name, value] of Object.entries(values)) {
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  }
  window.history.replaceState(null, "", `${url.pathname}${url.search}${url.hash}`);
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
