import { createHmac } from "node:crypto";
import type { WebhookFormat, WebhookKind } from "@/shared/webhook-vocabulary";

/** A notice as a webhook sends it: words already in the webhook's language, a link to the page. */
export interface WebhookNotice {
  kind: WebhookKind | "test";
  title: string;
  lines: string[];
  link: string | null;
  /** The label of the link ("Open in Xietong"). */
  linkLabel: string;
  occurredAt: string;
  /** Machine-readable facts for the generic format (ids, statuses). */
  data: Record<string, string | number | null>;
}

/** The outbox events that can become a notice, and which notice; every other event is skipped. */
export type NoticeSource =
  | { kind: "ballot_opened" | "ballot_closed"; projectId: number; ballotId: number; outcome?: string }
  | { kind: "project_submitted" | "project_approved"; projectId: number }
  | { kind: "topic_created"; topicId: number; forumId: number }
  | { kind: "meeting_scheduled" | "decision_awaiting_confirmation"; meetingId: number };

/**
 * Each change is reported from one stream only (ballot and status events are written to several
 * streams): the project's stream for project and ballot changes, the forum's for new topics.
 */
export function noticeSourceOf(event: { stream: string; type: string; payload: unknown }): NoticeSource | null {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const num = (key: string) => (typeof payload[key] === "number" ? payload[key] : null);
  const project = /^project:(\d+)$/.exec(event.stream);
  const forum = /^forum:(\d+)$/.exec(event.stream);
  if (project) {
    const projectId = Number(project[1]);
    const ballotId = num("ballotId");
    if (event.type === "ballot:opened" && ballotId !== null) return { kind: "ballot_opened", projectId, ballotId };
    if (event.type === "ballot:closed" && ballotId !== null)
      return {
        kind: "ballot_closed",
        projectId,
        ballotId,
        outcome: typeof payload.outcome === "string" ? payload.outcome : undefined,
      };
    if (event.type === "project:status-changed") {
      if (payload.to === "submitted") return { kind: "project_submitted", projectId };
      if (payload.to === "approved") return { kind: "project_approved", projectId };
    }
    return null;
  }
  const meeting = /^meeting:(\d+)$/.exec(event.stream);
  if (meeting && event.type === "meeting:changed") {
    const meetingId = Number(meeting[1]);
    // The lifecycle step rides on the header change: scheduling, and approving the minutes, which sends the record to the regions.
    if (payload.action === "schedule") return { kind: "meeting_scheduled", meetingId };
    if (payload.action === "approve_minutes") return { kind: "decision_awaiting_confirmation", meetingId };
    return null;
  }
  const topicId = num("topicId");
  if (forum && event.type === "topic:created" && topicId !== null)
    return { kind: "topic_created", topicId, forumId: Number(forum[1]) };
  return null;
}

/** The outbox types the scanner reads payloads of; the rest of the outbox only moves its cursor. */
export const noticeEventTypes = [
  "ballot:opened",
  "ballot:closed",
  "project:status-changed",
  "topic:created",
  "meeting:changed",
] as const;

export interface WebhookScope {
  kinds: readonly string[];
  regionId: number | null;
  forumId: number | null;
  active: boolean;
  createdAt: Date;
}

/** Whether a webhook wants a notice: its kind chosen, its region or forum matching, made before the change. */
export function webhookWants(
  webhook: WebhookScope,
  source: NoticeSource,
  facts: { regionIds: readonly number[]; occurredAt: Date },
): boolean {
  if (!webhook.active || !webhook.kinds.includes(source.kind)) return false;
  if (facts.occurredAt < webhook.createdAt) return false;
  if (source.kind === "topic_created") return webhook.forumId === null || webhook.forumId === source.forumId;
  return webhook.regionId === null || facts.regionIds.includes(webhook.regionId);
}

/** Retries: 30 s, 1 min, 2 min … capped at an hour; after `maxWebhookAttempts` a delivery is failed. */
export const maxWebhookAttempts = 8;
export function webhookRetryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export type UrlProblem = "malformed" | "insecure" | "credentials" | "private" | "wrongHost";

/** The hosts each chat platform's group bots post to; a chat-format webhook elsewhere is a mistake. */
const chatHosts: Record<Exclude<WebhookFormat, "generic">, readonly string[]> = {
  wecom: ["qyapi.weixin.qq.com"],
  dingtalk: ["oapi.dingtalk.com"],
  feishu: ["open.feishu.cn", "open.larksuite.com"],
};

function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost") || h.endsWith(".internal") || h.endsWith(".local")) return true;
  if (h === "::1" || h.startsWith("fc") || h.startsWith("fd") || h.startsWith("fe80:")) return h.includes(":");
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (!v4) return false;
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/**
 * Checks an address before it is stored. HTTPS only and no private or loopback hosts (the server would
 * otherwise post into its own network for whoever holds an admin account); `allowPrivate` is for tests
 * and closed installations that run their receiver next to the app.
 */
export function webhookUrlProblem(raw: string, format: WebhookFormat, allowPrivate: boolean): UrlProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "malformed";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "malformed";
  if (url.username || url.password) return "credentials";
  if (allowPrivate) return null;
  if (url.protocol !== "https:") return "insecure";
  if (isPrivateHost(url.hostname)) return "private";
  if (format !== "generic" && !chatHosts[format].includes(url.hostname.toLowerCase())) return "wrongHost";
  return null;
}

/** The address as admins see it after saving: host and path, with the query (a bot's key) masked. */
export function webhookUrlHint(raw: string): string {
  const url = new URL(raw);
  const key = url.search.length > 1 ? `?…${url.search.slice(-4)}` : "";
  return `${url.protocol}//${url.host}${url.pathname}${key}`;
}

/** Chat markdown must not let a project's title become a link, a heading or a mention. */
export function escapeChatMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()#>!<@|~]/g, (ch) => `\\${ch}`).replace(/\s+/g, " ");
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const hmac = (key: string, message: string) => createHmac("sha256", key).update(message, "utf8");

/**
 * The signature of the generic format: HMAC-SHA256 of `<timestamp>.<body>` under the webhook's secret,
 * hex, sent with the timestamp, so a receiver can refuse a changed body and an old replay.
 */
export function genericSignature(secret: string, timestampSeconds: number, body: string): string {
  return `v1=${hmac(secret, `${timestampSeconds}.${body}`).digest("hex")}`;
}

/** The request for one delivery in the webhook's format, signed where the format signs. */
export function webhookRequest(
  format: WebhookFormat,
  notice: WebhookNotice,
  target: { url: string; secret: string | null; deliveryId: number; locale: string },
  nowMs: number,
): WebhookRequest {
  const json = { "content-type": "application/json; charset=utf-8" };
  const seconds = Math.floor(nowMs / 1000);
  const safe = notice.lines.map(escapeChatMarkdown);
  const link = notice.link ? `[${escapeChatMarkdown(notice.linkLabel)}](${notice.link})` : null;
  switch (format) {
    case "generic": {
      const body = JSON.stringify({
        id: target.deliveryId,
        kind: notice.kind,
        occurredAt: notice.occurredAt,
        title: notice.title,
        lines: notice.lines,
        link: notice.link,
        data: notice.data,
      });
      const headers: Record<string, string> = {
        ...json,
        "x-xietong-delivery": String(target.deliveryId),
        "x-xietong-kind": notice.kind,
        "x-xietong-timestamp": String(seconds),
      };
      if (target.secret) headers["x-xietong-signature"] = genericSignature(target.secret, seconds, body);
      return { url: target.url, headers, body };
    }
    case "wecom": {
      const content = [`**${escapeChatMarkdown(notice.title)}**`, ...safe.map((l) => `> ${l}`), link]
        .filter(Boolean)
        .join("\n");
      return { url: target.url, headers: json, body: JSON.stringify({ msgtype: "markdown", markdown: { content } }) };
    }
    case "dingtalk": {
      const text = [`### ${escapeChatMarkdown(notice.title)}`, ...safe, link].filter(Boolean).join("\n\n");
      let url = target.url;
      if (target.secret) {
        // DingTalk's "additional signature": HMAC-SHA256 of "<ms>\n<secret>" under the secret, base64.
        const sign = hmac(target.secret, `${nowMs}\n${target.secret}`).digest("base64");
        url += `${url.includes("?") ? "&" : "?"}timestamp=${nowMs}&sign=${encodeURIComponent(sign)}`;
      }
      return {
        url,
        headers: json,
        body: JSON.stringify({ msgtype: "markdown", markdown: { title: notice.title, text } }),
      };
    }
    case "feishu": {
      const lines: { tag: string; text: string; href?: string }[][] = notice.lines.map((line) => [
        { tag: "text", text: line },
      ]);
      if (notice.link) lines.push([{ tag: "a", text: notice.linkLabel, href: notice.link }]);
      const post = { [target.locale === "en" ? "en_us" : "zh_cn"]: { title: notice.title, content: lines } };
      const body: Record<string, unknown> = { msg_type: "post", content: { post } };
      if (target.secret) {
        // Feishu's signature: HMAC-SHA256 with "<s>\n<secret>" as the key over nothing, base64.
        body.timestamp = String(seconds);
        body.sign = hmac(`${seconds}\n${target.secret}`, "").digest("base64");
      }
      return { url: target.url, headers: json, body: JSON.stringify(body) };
    }
  }
}

/**
 * Whether the receiver took the notice. Chat bots answer 200 with an error code in the body (a wrong
 * key, a bad signature, a rate limit), so for them a 200 alone is not success.
 */
export function webhookAccepted(format: WebhookFormat, status: number, body: string): { ok: boolean; error?: string } {
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}` };
  if (format === "generic") return { ok: true };
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const code = parsed.errcode ?? parsed.code ?? parsed.StatusCode;
    if (code === 0 || code === undefined) return { ok: true };
    const message = parsed.errmsg ?? parsed.msg ?? parsed.StatusMessage;
    return { ok: false, error: `${JSON.stringify(code)} ${typeof message === "string" ? message : ""}`.trim() };
  } catch {
    return { ok: false, error: "unreadable answer" };
  }
}
