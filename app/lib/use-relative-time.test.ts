import { NextIntlClientProvider } from "next-intl";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { useRelativeTime } from "./use-relative-time";

function Ago({ when }: { when: Date }) {
  return createElement("span", null, useRelativeTime()(when));
}

function render(locale: string, now: Date, when: Date, onError: (error: Error) => void): string {
  return renderToString(
    createElement(NextIntlClientProvider, {
      locale,
      messages: {},
      timeZone: "Asia/Shanghai",
      now,
      onError,
      children: createElement(Ago, { when }),
    }),
  );
}

describe("useRelativeTime", () => {
  const renderedAt = new Date("2026-03-01T08:00:00Z");

  it("renders against the request's time, not the clock of whoever renders (server or hydration)", () => {
    const onError = vi.fn();
    const threeMinutesEarlier = new Date(renderedAt.getTime() - 3 * 60_000);
    expect(render("en", renderedAt, threeMinutesEarlier, onError)).toBe("<span>3 minutes ago</span>");
    expect(render("zh-CN", renderedAt, threeMinutesEarlier, onError)).toBe("<span>3分钟前</span>");
    // next-intl reports a relative time without a `now` as ENVIRONMENT_FALLBACK, in every browser console.
    expect(onError).not.toHaveBeenCalled();
  });

  it("reads a time just ahead of the clock (a live item between ticks) as now, never as in the future", () => {
    const onError = vi.fn();
    const fiveSecondsAhead = new Date(renderedAt.getTime() + 5_000);
    expect(render("en", renderedAt, fiveSecondsAhead, onError)).toBe("<span>now</span>");
    expect(onError).not.toHaveBeenCalled();
  });
});
