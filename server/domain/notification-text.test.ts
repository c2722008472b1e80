import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { describe, expect, it } from "vitest";
import { catalogues } from "@/i18n/catalogue";
import { notificationKinds } from "@/shared/notification-kinds";
import { notificationText, type Translate } from "./notification-text";

const translatorFor = (locale: "en" | "zh-CN"): Translate => {
  const t = createTranslator({ locale, messages: catalogues[locale] as AbstractIntlMessages });
  return (key, values) => t(key as never, values as never);
};
const time = (iso: string) => iso.slice(0, 10);

describe("notification text", () => {
  it("names the status in the reader's language and formats the closing time", () => {
    expect(notificationText(translatorFor("en"), "project_state", { where: "Chips", status: "approved" }, time)).toBe(
      "“Chips” is now: Approved",
    );
    expect(
      notificationText(
        translatorFor("zh-CN"),
        "ballot_opened",
        { where: "芯片", closesAt: "2026-12-01T00:00:00Z" },
        time,
      ),
    ).toBe("“芯片”已开始表决，截止时间为 2026-12-01");
  });

  it("names who proposed a revision of a funded project's shares, the project and the vote's close, in both languages", () => {
    const params = { where: "Chips", actor: "Li Wei", closesAt: "2026-12-01T00:00:00Z" };
    expect(notificationText(translatorFor("en"), "fund_revision_proposed", params, time)).toBe(
      "Li Wei proposed revising the cost shares of the funded project “Chips”: the money paid drifted from the agreed plan. The regions vote until 2026-12-01",
    );
    expect(
      notificationText(
        translatorFor("zh-CN"),
        "fund_revision_proposed",
        { ...params, where: "芯片", actor: "李伟" },
        time,
      ),
    ).toBe("李伟提议调整资助项目“芯片”的成本份额：实际拨付已偏离约定方案。各地区表决截止于 2026-12-01");
  });

  it("says someone when the actor's name is missing, and reads every kind in both languages", () => {
    expect(notificationText(translatorFor("en"), "reply", { where: "T" }, time)).toBe(
      "Someone replied to your comment in “T”",
    );
    for (const locale of ["en", "zh-CN"] as const) {
      for (const kind of notificationKinds) {
        const text = notificationText(
          translatorFor(locale),
          kind,
          {
            where: "W",
            actor: "A",
            status: "submitted",
            closesAt: "2026-12-01T00:00:00Z",
            reason: "R",
            step: "offered",
          },
          time,
        );
        expect(text, `${locale} ${kind}`).not.toMatch(/notifications\.|\{/);
      }
    }
  });
});
