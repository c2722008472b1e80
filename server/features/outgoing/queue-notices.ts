import { and, eq, inArray, sql } from "drizzle-orm";
import { createTranslator, type AbstractIntlMessages } from "next-intl";
import type { Db, Tx } from "@/db/client";
import {
  ballots,
  forums,
  projectRegions,
  projects,
  regions,
  topics,
  webhookCursor,
  webhookDeliveries,
  webhooks,
} from "@/db/schema";
import { queryRows } from "@/db/sql";
import { catalogues } from "@/i18n/catalogue";
import type { Locale } from "@/shared/vocabulary";
import { retryTransaction } from "../../infra/transact";
import { projectVisibilityFor, topicVisibilityOf } from "../access";
import { meetingNoticeFacts } from "../meetings";
import { noticeEventTypes, noticeSourceOf, webhookWants, type NoticeSource, type WebhookNotice } from "./rules";

export interface QueueDeps {
  db: Db;
  /** The site's public address, for links in notices (NEXTAUTH_URL); notices carry no link without it. */
  baseUrl: string | null;
}

/** Outbox rows read per pass; the cursor moves past all of them, notices or not. */
const windowSize = 2_000;
/**
 * Events are also read again this far behind the cursor: a transaction that took its event id before
 * a later one but committed after it is caught on the next pass; the unique (webhook, event) index
 * makes the second reading send nothing twice.
 */
const lookBehind = 2_000;

interface OutboxRow extends Record<string, unknown> {
  id: number | string;
  stream: string;
  type: string;
  payload: unknown;
  created_at: Date | string;
}

type Translate = (key: string, values?: Record<string, string | number>) => string;
function wording(locale: Locale) {
  const translator = createTranslator({ locale, messages: catalogues[locale] as AbstractIntlMessages });
  const t: Translate = (key, values) => translator(key as never, values as never);
  const time = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" });
  return { t, time: (date: Date) => time.format(date) };
}

/** The notice "Send a test" posts, in the webhook's language. */
export function testNotice(locale: Locale, baseUrl: string | null, now: Date): WebhookNotice {
  const { t } = wording(locale);
  return {
    kind: "test",
    title: t("outgoing.notices.test"),
    lines: [t("outgoing.lines.test")],
    link: baseUrl ? new URL("/", baseUrl).toString() : null,
    linkLabel: t("outgoing.open"),
    occurredAt: now.toISOString(),
    data: {},
  };
}

interface Subject {
  /** Regions the notice concerns, for webhooks scoped to one region. */
  regionIds: number[];
  render: (locale: Locale) => WebhookNotice;
}

/**
 * What a notice says, read at queue time and only if the public may read it: a draft, a hidden
 * project or topic, or a private forum's topic produces nothing (a webhook posts into a chat group
 * outside the platform's access rules).
 */
async function subjectOf(
  tx: Tx,
  source: NoticeSource,
  occurredAt: Date,
  baseUrl: string | null,
): Promise<Subject | null> {
  const link = (path: string) => (baseUrl ? new URL(path, baseUrl).toString() : null);
  if (source.kind === "topic_created") {
    if ((await topicVisibilityOf(tx, null, source.topicId)) !== "full") return null;
    const [row] = await tx
      .select({ title: topics.title, forumZh: forums.titleZh, forumEn: forums.titleEn })
      .from(topics)
      .innerJoin(forums, eq(forums.id, topics.forumId))
      .where(eq(topics.id, source.topicId));
    if (!row) return null;
    return {
      regionIds: [],
      render: (locale) => {
        const { t } = wording(locale);
        return {
          kind: source.kind,
          title: t("outgoing.notices.topic_created", { title: row.title }),
          lines: [t("outgoing.lines.forum", { forum: locale === "en" ? row.forumEn : row.forumZh })],
          link: link(`/topics/${source.topicId}`),
          linkLabel: t("outgoing.open"),
          occurredAt: occurredAt.toISOString(),
          data: { topicId: source.topicId, forumId: source.forumId },
        };
      },
    };
  }
  if ("meetingId" in source) return meetingSubject(tx, source, occurredAt, link);
  if ((await projectVisibilityFor(tx, null, source.projectId)) !== "full") return null;
  const [project] = await tx
    .select({ title: projects.title, status: projects.status })
    .from(projects)
    .where(eq(projects.id, source.projectId));
  if (!project) return null;
  const regionRows = await tx
    .select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn, role: projectRegions.role })
    .from(projectRegions)
    .innerJoin(regions, eq(regions.id, projectRegions.regionId))
    .where(eq(projectRegions.projectId, source.projectId))
    .orderBy(projectRegions.role, regions.id);
  const ballot =
    "ballotId" in source
      ? (
          await tx
            .select({ round: ballots.round, closesAt: ballots.closesAt, result: ballots.result })
            .from(ballots)
            .where(eq(ballots.id, source.ballotId))
        )[0]
      : undefined;
  return {
    regionIds: regionRows.map((r) => r.id),
    render: (locale) => {
      const { t, time } = wording(locale);
      const names = regionRows.map((r) => (locale === "en" ? r.nameEn : r.nameZh)).join(locale === "en" ? ", " : "、");
      const lines = [t("outgoing.lines.regions", { regions: names })];
      if (source.kind === "ballot_opened" && ballot)
        lines.push(t("outgoing.lines.closesAt", { time: time(ballot.closesAt) }));
      if (source.kind === "ballot_closed" && ballot?.result)
        lines.push(t("outgoing.lines.outcome", { outcome: t(`outgoing.outcomes.${ballot.result.outcome}`) }));
      return {
        kind: source.kind,
        title: t(`outgoing.notices.${source.kind}`, { title: project.title, round: ballot?.round ?? 1 }),
        lines,
        link: link(
          source.kind === "ballot_closed" ? `/projects/${source.projectId}/result` : `/projects/${source.projectId}`,
        ),
        linkLabel: t("outgoing.open"),
        occurredAt: occurredAt.toISOString(),
        data: {
          projectId: source.projectId,
          ballotId: "ballotId" in source ? source.ballotId : null,
          round: ballot?.round ?? null,
          outcome: ballot?.result?.outcome ?? null,
          status: project.status,
        },
      };
    },
  };
}

/**
 * A meeting scheduled, or its record sent to the regions. A meeting a signed-out reader may not see (a
 * coordination meeting) gets a notice that says only that one was scheduled or awaits confirmation, with
 * the link to sign in: officials' chat groups learn to look, and nothing of its content leaves the platform.
 */
async function meetingSubject(
  tx: Tx,
  source: Extract<NoticeSource, { meetingId: number }>,
  occurredAt: Date,
  link: (path: string) => string | null,
): Promise<Subject | null> {
  const facts = await meetingNoticeFacts(tx, source.meetingId);
  if (!facts || facts.meeting.status === "draft" || facts.meeting.status === "cancelled") return null;
  const awaiting = source.kind === "decision_awaiting_confirmation";
  // No decision, nothing to confirm.
  if (awaiting && facts.decisionCount === 0) return null;
  const { meeting } = facts;
  const regionIds = awaiting ? facts.askedRegionIds : [meeting.hostRegionId];
  const names = facts.public
    ? await tx
        .select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn })
        .from(regions)
        .where(inArray(regions.id, [...regionIds, meeting.hostRegionId]))
    : [];
  return {
    regionIds,
    render: (locale): WebhookNotice => {
      const { t, time } = wording(locale);
      const name = (id: number) => {
        const row = names.find((r) => r.id === id);
        return row ? (locale === "en" ? row.nameEn : row.nameZh) : "";
      };
      const path = `/meetings/${meeting.id}${awaiting ? "#record" : ""}`;
      const base = {
        kind: source.kind,
        link: link(path),
        linkLabel: t("outgoing.open"),
        occurredAt: occurredAt.toISOString(),
      };
      if (!facts.public)
        return {
          ...base,
          title: t(`outgoing.notices.${source.kind}_private`),
          lines: [t("outgoing.lines.signIn")],
          data: { meetingId: meeting.id },
        };
      const title = locale === "en" ? meeting.titleEn : meeting.titleZh;
      const lines = awaiting
        ? [
            t("outgoing.lines.decisionCount", {
              count: facts.decisionCount,
              regions: regionIds.map(name).join(locale === "en" ? ", " : "、"),
            }),
          ]
        : [
            t("outgoing.lines.startsAt", { time: time(meeting.startsAt) }),
            t("outgoing.lines.host", { region: name(meeting.hostRegionId) }),
          ];
      return {
        ...base,
        title: t(`outgoing.notices.${source.kind}`, { title }),
        lines,
        data: { meetingId: meeting.id, startsAt: meeting.startsAt.toISOString(), decisions: facts.decisionCount },
      };
    },
  };
}

/**
 * One pass over the outbox: every committed event since the cursor that some active webhook wants
 * becomes one delivery row per webhook, and the cursor moves on, in one transaction. A crash before
 * the commit reads the same events again; the unique (webhook, event) index keeps them single.
 * Returns how many deliveries were queued.
 */
export async function queueWebhookNotices(deps: QueueDeps): Promise<number> {
  // Reads and inserts only (a crash before the commit is already assumed above): safe to run again.
  return retryTransaction(deps, async (tx) => {
    // One pass at a time across processes, under a lock held to the commit. An advisory lock and not the
    // cursor row's: locking a row writes to it, and a pass that finds nothing must leave the database as
    // it was (the signed-out page cache keeps pages while the database's snapshot does not move).
    const [lock] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtext('xietong.webhook-notices')) as locked`,
    );
    // Another process is doing this pass.
    if (!lock?.locked) return 0;
    const hooks = await tx.select().from(webhooks).where(eq(webhooks.active, true));
    let [cursor] = await tx.select().from(webhookCursor).where(eq(webhookCursor.id, 1));
    if (!cursor) {
      await tx
        .insert(webhookCursor)
        .values({ id: 1, lastEventId: sql`(select coalesce(max(id), 0) from events)` })
        .onConflictDoNothing();
      [cursor] = await tx.select().from(webhookCursor).where(eq(webhookCursor.id, 1));
      if (!cursor) return 0;
    }
    // Nothing listens: move the cursor to the outbox's end without reading the rows in between (an
    // update whose condition fails writes nothing).
    if (hooks.length === 0) {
      await tx
        .update(webhookCursor)
        .set({ lastEventId: sql`(select max(id) from events)` })
        .where(
          and(eq(webhookCursor.id, 1), sql`${webhookCursor.lastEventId} < (select coalesce(max(id), 0) from events)`),
        );
      return 0;
    }
    const types = sql.join(
      noticeEventTypes.map((type) => sql`${type}`),
      sql`, `,
    );
    const rows = await queryRows<OutboxRow>(
      tx,
      sql`select id, stream, type, case when type in (${types}) then payload end as payload, created_at
          from events where id > ${cursor.lastEventId - lookBehind} order by id limit ${windowSize + lookBehind}`,
    );
    const newest = rows.reduce((max, row) => Math.max(max, Number(row.id)), cursor.lastEventId);
    if (newest !== cursor.lastEventId)
      await tx.update(webhookCursor).set({ lastEventId: newest }).where(eq(webhookCursor.id, 1));
    const candidates = rows.flatMap((row) => {
      const source = noticeSourceOf(row);
      return source ? [{ id: Number(row.id), source, occurredAt: new Date(row.created_at) }] : [];
    });
    if (candidates.length === 0) return 0;
    // Events read again behind the cursor were mostly queued already: skip those pairs before reading anything.
    const done = new Set(
      (
        await tx
          .select({ webhookId: webhookDeliveries.webhookId, eventId: webhookDeliveries.eventId })
          .from(webhookDeliveries)
          .where(
            inArray(
              webhookDeliveries.eventId,
              candidates.map((c) => c.id),
            ),
          )
      ).map((d) => `${d.webhookId}:${d.eventId}`),
    );
    let queued = 0;
    for (const { id, source, occurredAt } of candidates) {
      const interested = hooks.filter(
        (hook) => hook.kinds.includes(source.kind) && occurredAt >= hook.createdAt && !done.has(`${hook.id}:${id}`),
      );
      if (interested.length === 0) continue;
      const subject = await subjectOf(tx, source, occurredAt, deps.baseUrl);
      if (!subject) continue;
      const targets = interested.filter((hook) =>
        webhookWants(hook, source, { regionIds: subject.regionIds, occurredAt }),
      );
      if (targets.length === 0) continue;
      const inserted = await tx
        .insert(webhookDeliveries)
        .values(
          targets.map((hook) => ({
            webhookId: hook.id,
            eventId: id,
            kind: source.kind,
            notice: subject.render(hook.locale === "en" ? "en" : "zh-CN"),
          })),
        )
        .onConflictDoNothing({ target: [webhookDeliveries.webhookId, webhookDeliveries.eventId] })
        .returning({ id: webhookDeliveries.id });
      queued += inserted.length;
    }
    return queued;
  });
}
