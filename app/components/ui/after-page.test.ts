import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { afterPage } from "./after-page";

function Panel({ label }: { label: string }) {
  return createElement("form", null, createElement("input", { "aria-label": label }));
}

describe("afterPage", () => {
  it("server-renders only the placeholder, even once the panel's code has loaded", async () => {
    const Section = afterPage(
      () => Promise.resolve(Panel),
      () => createElement("p", null, "loading"),
    );
    expect(renderToString(createElement(Section, { label: "title" }))).toBe("<p>loading</p>");
    await Section.preload();
    // Nothing typeable in the server's HTML: a form hydrated late would reset what had been typed.
    expect(renderToString(createElement(Section, { label: "title" }))).toBe("<p>loading</p>");
  });

  it("loads the code once, and again after a failed load", async () => {
    const load = vi
      .fn<() => Promise<typeof Panel>>()
      .mockRejectedValueOnce(new Error("chunk failed"))
      .mockResolvedValue(Panel);
    const Section = afterPage(load, () => null);
    await expect(Section.preload()).rejects.toThrow("chunk failed");
    await Section.preload();
    await Section.preload();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
