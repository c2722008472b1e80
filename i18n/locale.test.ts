import { describe, expect, it } from "vitest";
import { negotiateLocale } from "./locale";

describe("negotiateLocale", () => {
  it("prefers the switcher's cookie over the browser", () => {
    expect(negotiateLocale("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(negotiateLocale("zh-CN", "en-US")).toBe("zh-CN");
  });

  it("ignores a cookie that is not a supported locale", () => {
    expect(negotiateLocale("fr", "en-GB")).toBe("en");
  });

  it("follows Accept-Language by quality, then order", () => {
    expect(negotiateLocale(undefined, "en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(negotiateLocale(undefined, "fr-FR,zh-TW;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(negotiateLocale(undefined, "zh;q=0.5,en;q=0.7")).toBe("en");
  });

  it("falls back to Chinese when nothing matches", () => {
    expect(negotiateLocale(undefined, null)).toBe("zh-CN");
    expect(negotiateLocale(undefined, "fr,de;q=0.5")).toBe("zh-CN");
    expect(negotiateLocale(undefined, "en;q=0")).toBe("zh-CN");
  });
});
