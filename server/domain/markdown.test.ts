import { DomUtils, parseDocument } from "htmlparser2";
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { markdownToPlainText, renderMarkdown } from "./markdown";

/** The policy, restated independently of the implementation so a loosened config fails here. */
const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  p: [],
  br: [],
  strong: [],
  em: [],
  del: [],
  code: [],
  pre: [],
  blockquote: [],
  ul: [],
  li: [],
  hr: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  ol: ["start"],
  th: ["align"],
  td: ["align"],
  a: ["href", "title", "rel", "target"],
};
const FORBIDDEN_ATTRIBUTES = new Set(["style", "src", "srcset", "formaction", "action"]);
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const DANGEROUS_SCHEMES = ["javascript:", "vbscript:", "data:"];

/**
 * Parses the output as a browser-like HTML parser would and checks every element against the
 * policy. Text nodes may legitimately contain "<script>" or "javascript:" as words (escaped markup
 * the user typed is shown as text), so the scheme check runs over markup only: tag names,
 * attribute names and entity-decoded attribute values.
 */
function expectSafe(html: string): void {
  expect(html).not.toMatch(/<\s*\/?\s*script/i);
  const elements = DomUtils.findAll(() => true, parseDocument(html).children);
  const markup: string[] = [];
  for (const el of elements) {
    const allowed = ALLOWED_ATTRIBUTES[el.name];
    expect(allowed, `tag <${el.name}> in ${html}`).toBeDefined();
    for (const [name, value] of Object.entries(el.attribs)) {
      expect(name.toLowerCase().startsWith("on"), `handler ${name} in ${html}`).toBe(false);
      expect(FORBIDDEN_ATTRIBUTES.has(name.toLowerCase()), `attribute ${name} in ${html}`).toBe(false);
      expect(allowed, `attribute ${name} on <${el.name}> in ${html}`).toContain(name);
      markup.push(name, value);
    }
    markup.push(el.name);
    if (el.name === "a") {
      const href = el.attribs.href;
      expect(href, `anchor without href in ${html}`).toBeDefined();
      expect(SAFE_PROTOCOLS.has(new URL(href ?? "").protocol), `href ${href}`).toBe(true);
      expect(el.attribs.rel).toBe("nofollow ugc noopener noreferrer");
      expect(el.attribs.target).toBe("_blank");
    }
  }
  // Browsers drop whitespace and control characters inside schemes, so the check does too.
  const normalized = markup
    .join(" ")
    .replace(/[\s\u0000-\u001f]+/g, "")
    .toLowerCase();
  for (const scheme of DANGEROUS_SCHEMES) expect(normalized, html).not.toContain(scheme);
}

const XSS_CORPUS: [name: string, payload: string][] = [
  ["script lower case", "<script>alert(1)</script>"],
  ["script upper case", "<SCRIPT>alert(1)</SCRIPT>"],
  ["script mixed case", "<ScRiPt>alert(1)</sCrIpT>"],
  ["script with src", '<script src="https://evil.example/x.js"></script>'],
  ["script split by inner tag", "<scr<script>ipt>alert(1)</scr</script>ipt>"],
  ["script split across lines", "<script\n>alert(1)</script\n>"],
  ["script inside html block", "<div>\n<script>alert(1)</script>\n</div>"],
  ["doubled angle brackets", "<<script>script>alert(1)<</script>/script>"],
  ["img onerror", "<img src=x onerror=alert(1)>"],
  ["img javascript src", "<IMG SRC=\"javascript:alert('XSS');\">"],
  ["img backtick attribute", "<img src=`x` onerror=`alert(1)`>"],
  ["svg onload", "<svg onload=alert(1)>"],
  ["svg slash onload", "<svg/onload=alert(1)>"],
  ["raw-text state after inline pre", "a <pre>x <svg/onload=alert(1)> y"],
  ["svg with script", "<svg><script>alert(1)</script></svg>"],
  ["svg xlink href", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
  ["iframe javascript", '<iframe src="javascript:alert(1)"></iframe>'],
  ["iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ["object data", '<object data="javascript:alert(1)"></object>'],
  ["embed data url", '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">'],
  ["math href", '<math href="javascript:alert(1)">x</math>'],
  ["math mutation", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"],
  ["anchor javascript", '<a href="javascript:alert(1)">x</a>'],
  ["anchor entity-encoded scheme", '<a href="&#x6A;avascript:alert(1)">x</a>'],
  ["anchor backtick href", "<a href=`javascript:alert(1)`>x</a>"],
  ["anchor with handler", '<a href="https://ok.example" onclick="alert(1)">x</a>'],
  ["md link javascript", "[x](javascript:alert(1))"],
  ["md link mixed-case scheme", "[x](JaVaScRiPt:alert(1))"],
  ["md link tab entity in scheme", "[x](java&#x09;script:alert(1))"],
  ["md link decimal entity", "[x](&#106;avascript:alert(1))"],
  ["md link named colon entity", "[x](javascript&colon;alert(1))"],
  ["md link percent-encoded scheme", "[x](%6Aavascript:alert(1))"],
  ["md link data url", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
  ["md link vbscript", "[x](vbscript:msgbox(1))"],
  ["md link angle-bracket destination", "[x](<javascript:alert(1)>)"],
  ["md link protocol-relative", "[x](//evil.example/steal)"],
  ["md link with code text", "[`x`](javascript:alert(1))"],
  ["md link in heading", "# [x](javascript:alert(1))"],
  ["md link in table", "| a |\n|---|\n| [x](javascript:alert(1)) |"],
  ["md image javascript", "![x](javascript:alert(1))"],
  ["md image svg data url", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
  ["md image tracking pixel", "![](https://tracker.example/pixel.gif)"],
  ["autolink javascript", "<javascript:alert(1)>"],
  ["autolink vbscript", "<vbscript:msgbox(1)>"],
  ["autolink data", "<data:text/html,alert(1)>"],
  ["style element", "<style>body{display:none}</style>"],
  ["style attribute", '<p style="position:fixed;inset:0">x</p>'],
  ["style url", '<div style="background:url(javascript:alert(1))">x</div>'],
  ["form button formaction", "<form><button formaction=javascript:alert(1)>x</button></form>"],
  ["form action", '<form action="javascript:alert(1)"><input type=submit></form>'],
  ["details ontoggle", "<details open ontoggle=alert(1)>"],
  ["body onload", "<body onload=alert(1)>"],
  ["input onfocus", "<input autofocus onfocus=alert(1)>"],
  ["link title with handler text", '[a](http://x.example "onmouseover=alert(1)")'],
  ["link title quote breakout", '[a](http://x.example "x\\" onmouseover=\\"alert(1)")'],
  ["link destination quote breakout", '[a](http://x.example" onmouseover="alert(1))'],
  ["single-quoted title breakout", "[a](http://x.example 'a\" onmouseover=\"alert(1)')"],
  ["attribute quote breakout", '"><script>alert(1)</script>'],
  ["title attribute breakout", "<a title='x\"><script>alert(1)</script>'>x</a>"],
  ["unclosed nesting", "<b><i>unclosed <script>alert(1)"],
  ["unclosed anchor", '<div><p><a href="javascript:alert(1)">x'],
  ["noscript mutation", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ["textarea breakout", "<textarea></textarea><script>alert(1)</script>"],
  ["html comment", "<!-- <script>alert(1)</script> -->"],
  ["broken html comment", "<!--><script>alert(1)</script>-->"],
  ["cdata", "<![CDATA[<script>alert(1)</script>]]>"],
  ["meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ["base href", '<base href="javascript:alert(1)//">'],
  ["link import", '<link rel=import href="data:text/html,<script>alert(1)</script>">'],
  ["unicode escape in md link", "[x](\\u006Aavascript:alert(1))"],
  ["unicode escape in anchor", '<a href="\\u006Aavascript:alert(1)">x</a>'],
  ["fullwidth scheme", "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))"],
  ["zero-width space in scheme", "[x](java\u200bscript:alert(1))"],
  ["escaped angle brackets as text", "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"],
  ["reference link javascript", "[a][1]\n\n[1]: javascript:alert(1)"],
  ["collapsed reference link", "[a][]\n\n[a]: JAVASCRIPT:alert(1)"],
  ["shortcut reference with title", '[a]\n\n[a]: <javascript:alert(1)> "t"'],
  ["reference image data url", "![a][img]\n\n[img]: data:image/png;base64,AAAA"],
];

describe("renderMarkdown: ordinary Markdown", () => {
  it("renders emphasis, strong, strikethrough and inline code", () => {
    expect(renderMarkdown("**粗体** *斜体* ~~删除~~ `a < b`")).toBe(
      "<p><strong>粗体</strong> <em>斜体</em> <del>删除</del> <code>a &lt; b</code></p>\n",
    );
  });

  it("turns single newlines into line breaks and keeps Chinese text intact", () => {
    expect(renderMarkdown("长三角科技政策协同\n第二行，继续讨论。\n\n新段落")).toBe(
      "<p>长三角科技政策协同<br />第二行，继续讨论。</p>\n<p>新段落</p>\n",
    );
  });

  it("renders bullet, numbered and task lists", () => {
    expect(renderMarkdown("- 一\n- 二")).toBe("<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n");
    expect(renderMarkdown("3. 三\n4. 四")).toBe('<ol start="3">\n<li>三</li>\n<li>四</li>\n</ol>\n');
    expect(renderMarkdown("- [x] 完成\n- [ ] 待办")).toBe("<ul>\n<li>☑ 完成</li>\n<li>☐ 待办</li>\n</ul>\n");
  });

  it("renders fenced code escaped and without a language class", () => {
    expect(renderMarkdown("```ts\nconst a = <b>1</b>;\n```")).toBe(
      "<pre><code>const a = &lt;b&gt;1&lt;/b&gt;;\n</code></pre>\n",
    );
  });

  it("renders tables with alignment", () => {
    const html = renderMarkdown("| 地区 | 经费 |\n|:---|---:|\n| 上海 | 100 |");
    expect(html).toContain('<th align="left">地区</th>');
    expect(html).toContain('<td align="right">100</td>');
    expectSafe(html);
  });

  it("renders blockquotes and rules", () => {
    expect(renderMarkdown("> 引用\n\n---")).toBe("<blockquote>\n<p>引用</p>\n</blockquote>\n<hr />\n");
  });

  it("opens links in a new tab without passing credit or the opener", () => {
    expect(renderMarkdown('[政策](https://example.gov.cn/p?a=1&b=2 "标题")')).toBe(
      '<p><a href="https://example.gov.cn/p?a=1&amp;b=2" rel="nofollow ugc noopener noreferrer" target="_blank" title="标题">政策</a></p>\n',
    );
  });

  it("autolinks URLs, www hosts and e-mail addresses", () => {
    const html = renderMarkdown("见 https://example.com/a 与 www.example.org 或 a@example.com");
    expect(html).toContain(
      '<a href="https://example.com/a" rel="nofollow ugc noopener noreferrer" target="_blank">https://example.com/a</a>',
    );
    expect(html).toContain(
      '<a href="http://www.example.org/" rel="nofollow ugc noopener noreferrer" target="_blank">www.example.org</a>',
    );
    expect(html).toContain(
      '<a href="mailto:a@example.com" rel="nofollow ugc noopener noreferrer" target="_blank">a@example.com</a>',
    );
  });

  it("resolves character references in link destinations before checking them", () => {
    expect(renderMarkdown("[x](https://example.com/?a=1&amp;b=2)")).toContain(
      'href="https://example.com/?a=1&amp;b=2"',
    );
  });

  it("demotes headings so user content never outranks page headings", () => {
    expect(renderMarkdown("# 一")).toBe("<h3>一</h3>\n");
    expect(renderMarkdown("## 二")).toBe("<h4>二</h4>\n");
    expect(renderMarkdown("### 三")).toBe("<h5>三</h5>\n");
    expect(renderMarkdown("#### 四")).toBe("<h6>四</h6>\n");
    expect(renderMarkdown("###### 六")).toBe("<h6>六</h6>\n");
    expect(renderMarkdown("标题\n===")).toBe("<h3>标题</h3>\n");
  });

  it("shows raw HTML as the text the user typed", () => {
    expect(renderMarkdown("<b>粗</b> **真粗**")).toBe("<p>&lt;b&gt;粗&lt;/b&gt; <strong>真粗</strong></p>\n");
  });

  it("keeps the text of links it drops, including relative ones", () => {
    expect(renderMarkdown("[点击](javascript:alert(1))")).toBe("<p>点击</p>\n");
    expect(renderMarkdown("[议题](/topics/1)")).toBe("<p>议题</p>\n");
  });

  it("turns images into links to them, or into their alt text", () => {
    expect(renderMarkdown("![图表](https://example.com/c.png)")).toBe(
      '<p><a href="https://example.com/c.png" rel="nofollow ugc noopener noreferrer" target="_blank">图表</a></p>\n',
    );
    expect(renderMarkdown("![图表](data:image/png;base64,AAAA)")).toBe("<p>图表</p>\n");
  });

  it("renders the empty body as nothing", () => {
    expect(renderMarkdown("")).toBe("");
    expect(renderMarkdown("  \n\n ")).toBe("");
  });

  it("degrades to escaped text when nesting is deeper than marked can recurse", () => {
    const html = renderMarkdown(`${">".repeat(20_000)} <b>深</b>`);
    expect(html.startsWith("<p>&gt;&gt;")).toBe(true);
    expect(html).toContain("&lt;b&gt;深&lt;/b&gt;");
    expectSafe(html);
  });

  it("is unaffected by options set on the global marked instance", () => {
    const before = renderMarkdown("a\nb <i>x</i> # h");
    try {
      marked.use({ breaks: false, renderer: { paragraph: () => "<script>alert(1)</script>" } });
      expect(renderMarkdown("a\nb <i>x</i> # h")).toBe(before);
    } finally {
      marked.setOptions(marked.getDefaults());
    }
  });

  it("renders a 20,000-character body completely", () => {
    const paragraph =
      "长三角地区的科技政策协同需要统一的数据标准和互认机制，我们建议先从**科研仪器共享**入手，参见[相关文件](https://example.gov.cn/policy/1)。\n另外，跨省项目的经费拨付流程过长，影响了进度。\n\n";
    const copies = Math.floor(20_000 / paragraph.length);
    const html = renderMarkdown(paragraph.repeat(copies));
    // Speed is measured in bench/, not asserted here; this checks nothing is dropped on the way.
    expect(html.match(/<strong>科研仪器共享<\/strong>/g)).toHaveLength(copies);
    expect(html.match(/<a href="https:\/\/example\.gov\.cn\/policy\/1"/g)).toHaveLength(copies);
  });
});

describe("renderMarkdown: XSS corpus", () => {
  it("has a real corpus", () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(XSS_CORPUS)("neutralises %s", (_name, payload) => {
    expectSafe(renderMarkdown(payload));
    // The same payload inside containers goes through other tokenizer paths.
    expectSafe(renderMarkdown(`> ${payload}`));
    expectSafe(renderMarkdown(`- **${payload}**`));
    expectSafe(renderMarkdown(`| a |\n|---|\n| ${payload} |`));
  });
});

describe("markdownToPlainText", () => {
  it("strips markup and joins blocks with single spaces", () => {
    expect(markdownToPlainText("# 标题\n\n**粗体**和[链接](https://example.com)\n第二行 `代码`\n\n- 一\n- 二")).toBe(
      "标题 粗体和链接 第二行 代码 一 二",
    );
  });

  it("collapses every run of whitespace", () => {
    expect(markdownToPlainText("  a \t b\n\n\n\nc  ")).toBe("a b c");
  });

  it("returns characters, not HTML entities", () => {
    expect(markdownToPlainText('a < b && c > "d" AT&amp;T &copy;')).toBe('a < b && c > "d" AT&T ©');
    expect(markdownToPlainText("<b>x</b> &amp;lt;")).toBe("<b>x</b> &lt;");
  });

  it("never reveals link targets the renderer dropped", () => {
    expect(markdownToPlainText("[点击](javascript:alert(1)) ![图](data:image/png;base64,AAAA)")).toBe("点击 图");
  });

  it("leaves short text whole", () => {
    expect(markdownToPlainText("一二三四五", 5)).toBe("一二三四五");
  });

  it("cuts Chinese anywhere and ends with an ellipsis within maxLength", () => {
    expect(markdownToPlainText("一二三四五六七八九十", 5)).toBe("一二三四…");
  });

  it("prefers a word boundary in spaced text", () => {
    expect(markdownToPlainText("cross regional policy coordination", 20)).toBe("cross regional…");
  });

  it("does not split surrogate pairs", () => {
    expect(markdownToPlainText("😀".repeat(10), 5)).toBe("😀😀😀😀…");
  });

  it("defaults to 200 characters", () => {
    const text = markdownToPlainText("字".repeat(1000));
    expect(Array.from(text)).toHaveLength(200);
    expect(text.endsWith("…")).toBe(true);
  });

  it("refuses a non-positive or fractional maxLength", () => {
    expect(() => markdownToPlainText("x", 0)).toThrow(RangeError);
    expect(() => markdownToPlainText("x", 2.5)).toThrow(RangeError);
  });
});
