import { describe, expect, it } from "vitest";
import { compactYuan } from "./money-format";

describe("compactYuan", () => {
  it("writes whole amounts without a trailing .0, as browsers do, in both languages", () => {
    expect(new Intl.NumberFormat("zh-CN", compactYuan).format(30_000_000)).toBe("¥3000万");
    expect(new Intl.NumberFormat("en", compactYuan).format(30_000_000)).toBe("CN¥30M");
  });

  it("keeps one decimal where there is one", () => {
    expect(new Intl.NumberFormat("zh-CN", compactYuan).format(12_345_678)).toBe("¥1234.6万");
    expect(new Intl.NumberFormat("en", compactYuan).format(12_345_678)).toBe("CN¥12.3M");
  });
});
