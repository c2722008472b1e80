"use client";
import { useSyncExternalStore, type ComponentType } from "react";

const never = () => () => {};

/**
 * false in the server's HTML and while hydrating, true from the render right after. A button that acts
 * only through its click handler is disabled until then: pressed before the page's code had run (the
 * catalogue chunk is fetched before hydration), it did nothing and said nothing.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}

/**
 * For a panel loaded after the page (next/dynamic): it is server-rendered, but it hydrates only once its
 * own chunk has arrived, and what someone typed into it before then was reset by that hydration (the
 * admin invitation e2e lost its e-mail address). So its controls stay disabled until its code runs;
 * people and Playwright wait for them to be enabled, as they do for any busy form.
 * Use it inside the import: `dynamic(() => import("./x").then((m) => untilHydrated(m.X)))`.
 */
export function untilHydrated<P extends object>(Panel: ComponentType<P>): ComponentType<P> {
  function Hydrated(props: P) {
    const hydrated = useHydrated();
    // min-w-0: a fieldset is at least as wide as its content by default, which a table would push out.
    return (
      <fieldset disabled={!hydrated} className="min-w-0">
        <Panel {...props} />
      </fieldset>
    );
  }
  Hydrated.displayName = `UntilHydrated(${Panel.displayName ?? Panel.name})`;
  return Hydrated;
}
