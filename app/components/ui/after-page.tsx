"use client";
import { useSyncExternalStore, type ComponentType, type ReactNode } from "react";
import { Card, Skeleton } from "./card";

function cardPlaceholder() {
  return (
    <Card>
      <Skeleton lines={2} />
    </Card>
  );
}

/** A panel made by {@link afterPage}, with a way to fetch its code before it is first drawn. */
export type AfterPagePanel<P extends object> = ComponentType<P> & { preload: () => Promise<void> };

/**
 * A panel whose code loads after the page, without Suspense: the server and the hydrating client draw
 * `placeholder` (by default a card of grey lines), and the panel replaces it once its chunk has arrived (at once if it already has). So no
 * part of the page ever waits for that chunk — the earlier next/dynamic splits of the call, meeting and
 * topic pages suspended, and their live e2e stalled — and, the panel not being server-rendered, nothing can
 * be typed into it before its code runs (a form hydrated late reset what had been typed, see until-hydrated).
 * Use it for panels that read their own data on the client anyway; `preload()` fetches the code early,
 * e.g. for a panel that a later stage of the page will show.
 */
export function afterPage<P extends object>(
  load: () => Promise<ComponentType<P>>,
  placeholder: () => ReactNode = cardPlaceholder,
): AfterPagePanel<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  const preload = () =>
    (loading ??= load().then(
      (panel) => {
        loaded = panel;
        for (const listener of listeners) listener();
      },
      (error: unknown) => {
        loading = null; // a failed chunk load may succeed on the next mount
        throw error;
      },
    ));
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    preload().catch(() => {});
    return () => void listeners.delete(listener);
  };
  function AfterPage(props: P) {
    // null in the server's HTML and while hydrating, the panel from the render after its code has arrived.
    const Panel = useSyncExternalStore(
      subscribe,
      () => loaded,
      () => null,
    );
    return Panel ? <Panel {...props} /> : placeholder();
  }
  return Object.assign(AfterPage, { preload });
}
