import { describe, expect, it } from "vitest";
import { mentionedIds, protectMentions, restoreMentions } from "./mentions";

describe("mentions", () => {
  it("finds each mentioned account once, in order", () => {
    expect(mentionedIds("hi @[王芳](person:7) and @[Li](person:3), again @[王芳](person:7)")).toEqual([7, 3]);
    expect(mentionedIds("@[x](person:0) @[y](people:4) [z](person:5)")).toEqual([]);
  });

  it("links a real account with its stored name and escapes it", () => {
    const { text, tokens } = protectMentions("see @[anything](person:9) and @[ghost](person:8)", "abc");
    expect(text).not.toContain("person:");
    const html = restoreMentions(`<p>${text}</p>`, tokens, new Map([[9, "<b>Zhao</b>"]]));
    expect(html).toBe('<p>see <a href="/people/9" class="mention">@&lt;b&gt;Zhao&lt;/b&gt;</a> and @ghost</p>');
  });

  it("leaves a typed placeholder with another nonce as text", () => {
    const { tokens } = protectMentions("@[a](person:1)", "n1");
    expect(restoreMentions("<p>xtmentionn2n0x</p>", tokens, new Map([[1, "A"]]))).toBe("<p>xtmentionn2n0x</p>");
  });
});
