import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isChineseShortName,
  matchKeysOf,
  matchOrganisationName,
  normaliseOrganisationName as norm,
} from "./normalise-name";

describe("normaliseOrganisationName", () => {
  it("gives Chinese company forms one key", () => {
    const key = norm("深圳市华芯微电子有限公司");
    expect(key).toBe("深圳市华芯微电子");
    expect(norm("深圳市华芯微电子有限责任公司")).toBe(key);
    expect(norm("深圳市华芯微电子股份有限公司")).toBe(key);
    expect(norm("深圳市华芯微电子公司")).toBe(key);
  });

  it("folds full-width letters, digits, brackets and spaces", () => {
    expect(norm("ＡＢＣ科技（苏州）有限公司")).toBe(norm("ABC科技(苏州)有限公司"));
    expect(norm("　上海  微电子 装备　")).toBe("上海微电子装备");
  });

  it("drops English legal forms and case", () => {
    const key = norm("Huaxin Microelectronics Co., Ltd.");
    expect(key).toBe("huaxinmicroelectronics");
    expect(norm("HUAXIN MICROELECTRONICS COMPANY LIMITED")).toBe(key);
    expect(norm("Huaxin Microelectronics Inc.")).toBe(key);
    expect(norm("Huaxin Microelectronics Ltd")).toBe(key);
    expect(norm("Huaxin Microelectronics Corporation")).toBe(key);
  });

  it("keeps names that differ apart", () => {
    expect(norm("上海交通大学")).not.toBe(norm("上海大学"));
    expect(norm("Shanghai Jiao Tong University")).not.toBe(norm("Shanghai University"));
    // A name that is only a legal form is not emptied.
    expect(norm("Company")).toBe("company");
    expect(norm("有限公司")).toBe("有限公司");
  });

  it("is idempotent", () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => norm(norm(s)) === norm(s)));
  });
});

describe("Chinese short names", () => {
  it("recognises 上海交大 as 上海交通大学 but not the other way round", () => {
    expect(isChineseShortName("上海交大", "上海交通大学")).toBe(true);
    expect(isChineseShortName("北航", "北京航空航天大学")).toBe(true);
    expect(isChineseShortName("上海交通大学", "上海交大")).toBe(false);
    expect(isChineseShortName("交大", "上海交通大学")).toBe(false);
    expect(isChineseShortName("SJTU", "Shanghai Jiao Tong University")).toBe(false);
  });

  it("links only exact and normalised matches; a short name needs an alias", () => {
    const sjtu = { nameZh: "上海交通大学", nameEn: "Shanghai Jiao Tong University", aliases: [] as string[] };
    expect(matchOrganisationName("上海交通大学", sjtu)).toBe("exact");
    expect(matchOrganisationName(" shanghai jiao tong university ", sjtu)).toBe("normalised");
    expect(matchOrganisationName("上海交大", sjtu)).toBeNull();
    expect(matchOrganisationName("上海交大", { ...sjtu, aliases: ["上海交大"] })).toBe("exact");
    expect(matchOrganisationName("上海 交大", { ...sjtu, aliases: ["上海交大"] })).toBe("normalised");
    expect(matchOrganisationName("", sjtu)).toBeNull();
  });

  it("collects one key per distinct name", () => {
    expect(
      matchKeysOf({ nameZh: "华芯有限公司", nameEn: "Huaxin Co., Ltd.", aliases: ["华芯股份有限公司", ""] }),
    ).toEqual(["华芯", "huaxin"]);
  });
});
