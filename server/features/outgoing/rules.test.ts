import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  escapeChatMarkdown,
  genericSignature,
  maxWebhookAttempts,
  noticeSourceOf,
  webhookAccepted,
  webhookRequest,
  webhookRetryDelayMs,
  webhookUrlHint,
  webhookUrlProblem,
  webhookWants,
  type WebhookNotice,
} from "./rules";

const notice: WebhookNotice = {
  kind: "ballot_closed",
  title: "表决已结束：深莞车规级芯片",
  lines: ["结果：通过", "[click](https://evil.example) @all"],
  link: "https://xietong.example/projects/1",
  linkLabel: "在协同中查看",
  occurredAt: "2026-12-06T08:00:00.000Z",
  data: { projectId: 1, ballotId: 3 },
};
const target = { url: "https://hooks.example/x", secret: "s3cret", deliveryId: 42, locale: "zh-CN" };
const now = 1_796_000_000_123;

describe("which events become notices", () => {
  it("takes ballot and status changes from the project stream only, so one change is one notice", () => {
    const opened = { type: "ballot:opened", payload: { ballotId: 3, projectId: 1, round: 1 } };
    expect(noticeSourceOf({ ...opened, stream: "project:1" })).toEqual({
      kind: "ballot_opened",
      projectId: 1,
      ballotId: 3,
    });
    expect(noticeSourceOf({ ...opened, stream: "ballot:3" })).toBeNull();
    expect(
      noticeSourceOf({ stream: "project:1", type: "ballot:closed", payload: { ballotId: 3, outcome: "adopted" } }),
    ).toEqual({ kind: "ballot_closed", projectId: 1, ballotId: 3, outcome: "adopted" });
    const status = (to: string) =>
      noticeSourceOf({ stream: "project:7", type: "project:status-changed", payload: { from: "draft", to } });
    expect(status("submitted")).toEqual({ kind: "project_submitted", projectId: 7 });
    expect(status("approved")).toEqual({ kind: "project_approved", projectId: 7 });
    expect(status("rejected")).toBeNull();
    expect(
      noticeSourceOf({ stream: "projects", type: "project:status-changed", payload: { to: "approved" } }),
    ).toBeNull();
  });

  it("takes new topics from their forum's stream", () => {
    expect(noticeSourceOf({ stream: "forum:4", type: "topic:created", payload: { topicId: 9 } })).toEqual({
      kind: "topic_created",
      topicId: 9,
      forumId: 4,
    });
    expect(noticeSourceOf({ stream: "forum:4", type: "comment:added", payload: { topicId: 9 } })).toBeNull();
  });

  it("takes a meeting's scheduling and its record's sending from the lifecycle step on its own stream", () => {
    const changed = (action?: string) =>
      noticeSourceOf({ stream: "meeting:12", type: "meeting:changed", payload: { meeting: {}, action } });
    expect(changed("schedule")).toEqual({ kind: "meeting_scheduled", meetingId: 12 });
    expect(changed("approve_minutes")).toEqual({ kind: "decision_awaiting_confirmation", meetingId: 12 });
    // The timer, an edit, the other steps: nothing to tell.
    expect(changed()).toBeNull();
    expect(changed("start")).toBeNull();
    expect(noticeSourceOf({ stream: "meetings", type: "meeting:changed", payload: { action: "schedule" } })).toBeNull();
  });
});

describe("which webhooks want a notice", () => {
  const base = {
    kinds: ["ballot_closed", "topic_created"],
    regionId: null,
    forumId: null,
    active: true,
    createdAt: new Date(0),
  };
  const closed = { kind: "ballot_closed", projectId: 1, ballotId: 2 } as const;
  const facts = { regionIds: [1, 2], occurredAt: new Date(1000) };

  it("filters by kind, region, forum, activity and creation time", () => {
    expect(webhookWants(base, closed, facts)).toBe(true);
    expect(webhookWants({ ...base, kinds: ["ballot_opened"] }, closed, facts)).toBe(false);
    expect(webhookWants({ ...base, regionId: 2 }, closed, facts)).toBe(true);
    expect(webhookWants({ ...base, regionId: 3 }, closed, facts)).toBe(false);
    expect(webhookWants({ ...base, active: false }, closed, facts)).toBe(false);
    expect(webhookWants({ ...base, createdAt: new Date(2000) }, closed, facts)).toBe(false);
    const topic = { kind: "topic_created", topicId: 1, forumId: 5 } as const;
    expect(webhookWants({ ...base, forumId: 5 }, topic, facts)).toBe(true);
    expect(webhookWants({ ...base, forumId: 6 }, topic, facts)).toBe(false);
  });
});

describe("addresses", () => {
  it("refuses what would post into the server's own network or to the wrong chat platform", () => {
    expect(webhookUrlProblem("not a url", "generic", false)).toBe("malformed");
    expect(webhookUrlProblem("ftp://x.example/", "generic", false)).toBe("malformed");
    expect(webhookUrlProblem("http://hooks.example/", "generic", false)).toBe("insecure");
    expect(webhookUrlProblem("https://u:p@hooks.example/", "generic", false)).toBe("credentials");
    for (const host of ["localhost", "127.0.0.1", "10.1.2.3", "192.168.0.9", "172.20.0.1", "169.254.169.254", "[::1]"])
      expect(webhookUrlProblem(`https://${host}/hook`, "generic", false)).toBe("private");
    expect(webhookUrlProblem("https://hooks.example/x", "wecom", false)).toBe("wrongHost");
    expect(webhookUrlProblem("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", "wecom", false)).toBeNull();
    expect(webhookUrlProblem("https://oapi.dingtalk.com/robot/send?access_token=1", "dingtalk", false)).toBeNull();
    expect(webhookUrlProblem("https://open.feishu.cn/open-apis/bot/v2/hook/1", "feishu", false)).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:9/hook", "wecom", true)).toBeNull();
  });

  it("masks a bot's key when showing the address", () => {
    expect(webhookUrlHint("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef123456")).toBe(
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…3456",
    );
    expect(webhookUrlHint("https://hooks.example/in")).toBe("https://hooks.example/in");
  });
});

describe("requests", () => {
  it("signs the generic body with the timestamp, and a changed body or timestamp fails the check", () => {
    const request = webhookRequest("generic", notice, target, now);
    const seconds = Math.floor(now / 1000);
    expect(request.headers["x-xietong-timestamp"]).toBe(String(seconds));
    const expected = createHmac("sha256", "s3cret").update(`${seconds}.${request.body}`).digest("hex");
    expect(request.headers["x-xietong-signature"]).toBe(`v1=${expected}`);
    expect(genericSignature("s3cret", seconds + 1, request.body)).not.toBe(request.headers["x-xietong-signature"]);
    expect(JSON.parse(request.body)).toMatchObject({ id: 42, kind: "ballot_closed", data: { projectId: 1 } });
  });

  it("sends no signature header when the webhook has no secret", () => {
    expect(webhookRequest("generic", notice, { ...target, secret: null }, now).headers).not.toHaveProperty(
      "x-xietong-signature",
    );
  });

  it("writes chat markdown in which a title or line cannot become a link or a mention", () => {
    const wecom = JSON.parse(webhookRequest("wecom", notice, target, now).body) as {
      markdown: { content: string };
    };
    expect(wecom.markdown.content).toContain("\\[click\\]\\(https://evil.example\\) \\@all");
    expect(wecom.markdown.content).toContain("[在协同中查看](https://xietong.example/projects/1)");
  });

  it("signs DingTalk in the query and Feishu in the body, as their documentation describes", () => {
    const ding = webhookRequest(
      "dingtalk",
      notice,
      { ...target, url: "https://oapi.dingtalk.com/robot/send?access_token=t" },
      now,
    );
    const sign = createHmac("sha256", "s3cret").update(`${now}\ns3cret`).digest("base64");
    expect(ding.url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=${now}&sign=${encodeURIComponent(sign)}`,
    );
    const feishu = JSON.parse(webhookRequest("feishu", notice, target, now).body) as Record<string, unknown>;
    const seconds = Math.floor(now / 1000);
    expect(feishu.timestamp).toBe(String(seconds));
    expect(feishu.sign).toBe(createHmac("sha256", `${seconds}\ns3cret`).update("").digest("base64"));
    expect(JSON.stringify(feishu.content)).toContain('"zh_cn"');
  });

  it("counts a chat bot's 200 with an error code as a failure", () => {
    expect(webhookAccepted("generic", 204, "")).toEqual({ ok: true });
    expect(webhookAccepted("generic", 500, "")).toEqual({ ok: false, error: "HTTP 500" });
    expect(webhookAccepted("wecom", 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(webhookAccepted("wecom", 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toEqual({
      ok: false,
      error: "93000 invalid webhook url",
    });
    expect(webhookAccepted("feishu", 200, '{"code":19021,"msg":"sign match fail"}').ok).toBe(false);
    expect(webhookAccepted("dingtalk", 200, "<html>").ok).toBe(false);
  });
});

describe("properties", () => {
  it("escaped chat text never contains an unescaped markdown control character", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeChatMarkdown(text);
        // Remove escaped pairs; what is left must hold no control character.
        expect(escaped.replace(/\\./g, "")).not.toMatch(/[\\`*_[\]()#>!<@|~]/);
        expect(escaped).not.toMatch(/\n/);
      }),
    );
  });

  it("every generic body verifies under its own signature and no other secret", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string(), (secret, other, title) => {
        fc.pre(secret !== other);
        const request = webhookRequest("generic", { ...notice, title }, { ...target, secret }, now);
        const seconds = Number(request.headers["x-xietong-timestamp"]);
        expect(genericSignature(secret, seconds, request.body)).toBe(request.headers["x-xietong-signature"]);
        expect(genericSignature(other, seconds, request.body)).not.toBe(request.headers["x-xietong-signature"]);
      }),
    );
  });

  it("retry delays grow and stay within an hour, and attempts are bounded", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (attempts) => {
        expect(webhookRetryDelayMs(attempts + 1)).toBeGreaterThanOrEqual(webhookRetryDelayMs(attempts));
        expect(webhookRetryDelayMs(attempts)).toBeLessThanOrEqual(3_600_000);
      }),
    );
    expect(maxWebhookAttempts).toBeGreaterThan(1);
  });
});
