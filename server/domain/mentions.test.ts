import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";
import { mentionedIds } from "./mentions";

describe("mentions", () => {
  it("finds each mentioned account once, in order", () => {
    expect(mentionedIds("hi @[王芳](person:7) and @[Li](person:3), again @[王芳](person:7)")).toEqual([7, 3]);
    expect(mentionedIds("@[x](person:0) @[y](people:4) [z](person:5)")).toEqual([]);
  });

  it("links a real account with its stored name and escapes it", () => {
    const html = renderMarkdown("see @[anything](person:9) and @[ghost](person:8)", new Map([[9, "<b>Zhao</b>"]]));
    expect(html).toBe('<p>see <a href="/people/9" class="mention">@&lt;b&gt;Zhao&lt;/b&gt;</a> and @ghost</p>\n');
  });

  it("keeps a mention inside a link target inside that target: the href stays one attribute", () => {
    const names = new Map([[9, 'Zhao" onmouseover="alert(1)']]);
    const html = renderMarkdown('[click](https://example.com/@[x](person:9) "t @[y](person:9)")', names);
    // One anchor, no markup spliced into its attributes.
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).not.toContain("onmouseover");
    expect(html).not.toContain('class="mention"');
    expect(html).toMatch(/^<p><a href="https:\/\/example\.com\/@\[x\]\(person:9\)?/);
  });

  it("leaves a mention in a code span as text", () => {
    expect(renderMarkdown("`@[a](person:1)`", new Map([[1, "A"]]))).toBe("<p><code>@[a](person:1)</code></p>\n");
  });

  it("lets no one else write a relative link, even one that looks like a mention", () => {
    expect(renderMarkdown("[me](/people/1)")).toBe("<p>me</p>\n");
  });
});
