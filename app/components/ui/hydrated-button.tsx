"use client";
import type { ButtonHTMLAttributes } from "react";
import { useHydrated } from "./until-hydrated";

/**
 * A button that acts only through its click handler, disabled until the page's code has run: pressed
 * before then (the server's HTML is on screen, the chunks still loading) it did nothing and said
 * nothing. People and Playwright wait for it to be enabled, as for a busy button. Mounted after
 * hydration (a dialog, a list read on the client) it is enabled from its first render.
 */
export function HydratedButton(props: ButtonHTMLAttributes<HTMLButtonElement>) {
  const hydrated = useHydrated();
  return <button {...props} disabled={props.disabled || !hydrated} />;
}
