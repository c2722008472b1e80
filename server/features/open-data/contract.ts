import { z } from "zod";
import { achievementKinds, ipStatuses, transferModes } from "@/shared/achievement-vocabulary";
import { ballotRules, ballotVisibilities } from "@/shared/ballot-vocabulary";
import { meetingKinds, meetingStatuses } from "@/shared/meetings-vocabulary";
import { apiLimits, dumpStatuses, dumpTriggers } from "@/shared/open-data-vocabulary";
import { projectStatuses } from "@/shared/project-vocabulary";

/**
 * The open-data API's shapes (/api/v1): each response item is parsed through its schema before it is
 * sent, so a field the pages read but the public should not (viewer flags, hidden reasons, per-voter
 * data) is dropped even if a read use-case starts returning it. The OpenAPI document is generated from
 * these same schemas.
 */

export { apiLimits };

const id = z.number().int().positive();
const at = z.string().describe("ISO 8601 date and time (UTC)");

export const pageQuery = z.object({
  cursor: z.string().max(400).optional().describe("The nextCursor of the previous page, as given"),
  limit: z.coerce.number().int().min(1).max(apiLimits.pageMax).default(apiLimits.pageDefault),
});
export type PageQuery = z.output<typeof pageQuery>;

export const projectsQuery = pageQuery.extend({
  status: z.enum(projectStatuses).optional(),
  region: z.coerce.number().int().positive().optional().describe("A region id taking part, as lead or partner"),
  recommendation: z.coerce.number().int().min(1).max(5).optional(),
});

export const meetingsQuery = pageQuery.extend({ when: z.enum(["upcoming", "past"]).default("past") });

export const idPath = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const slugPath = z.object({ slug: z.string().trim().min(1).max(80) });

const region = z.object({ id, code: z.string(), nameZh: z.string(), nameEn: z.string() });

export const recommendationItem = z.object({
  id,
  number: z.number().int(),
  section: z.string(),
  slug: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  summaryZh: z.string(),
  summaryEn: z.string(),
  measures: z.array(
    z.object({ code: z.string(), titleZh: z.string(), titleEn: z.string(), textZh: z.string(), textEn: z.string() }),
  ),
});

export const forumItem = z.object({
  id,
  slug: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  recommendationNumber: z.number().int().nullable(),
  archived: z.boolean(),
  topicCount: z.number().int(),
});

const author = z.object({ displayName: z.string(), regionCode: z.string().nullable() });

export const topicItem = z.object({
  id,
  forumId: id,
  title: z.string(),
  excerpt: z.string(),
  commentCount: z.number().int(),
  createdAt: at,
  lastActivityAt: at,
  author,
});

export const commentItem = z.object({
  id,
  topicId: id,
  parentId: id.nullable(),
  stance: z.string().nullable(),
  bodyHtml: z.string().describe("Sanitised HTML rendered from the author's Markdown"),
  createdAt: at,
  editedAt: at.nullable(),
  author,
  reactions: z.object({ agree: z.number().int(), disagree: z.number().int(), pass: z.number().int() }),
});

export const projectItem = z.object({
  id,
  status: z.enum(projectStatuses),
  title: z.string(),
  summary: z.string(),
  budgetYuan: z.number().int(),
  durationMonths: z.number().int(),
  tags: z.array(z.string()),
  leadRegion: region,
  partnerRegions: z.array(region),
  recommendations: z.array(z.number().int()),
  commentCount: z.number().int(),
  createdAt: at,
  submittedAt: at.nullable(),
});

export const projectDetail = projectItem.extend({
  body: z.string().describe("Markdown"),
  expectedOutcomes: z.string(),
  version: z.number().int(),
  threadId: id,
});

const count = z.number().int().nullable().describe("Null where a secret ballot's cell is too small to show");

export const ballotResultItem = z.object({
  ballotId: id,
  projectId: id,
  round: z.number().int(),
  rule: z.enum(ballotRules),
  quorumBp: z.number().int(),
  visibility: z.enum(ballotVisibilities),
  closedAt: at.nullable(),
  outcome: z.enum(["agreement", "no_agreement"]),
  winnerPlanId: id.nullable(),
  digest: z.string().nullable().describe("SHA-256 of the sorted set of counted votes"),
  plans: z.array(
    z.object({
      planId: id,
      passes: z.boolean(),
      approve: count,
      reject: count,
      abstain: count,
      approvalShareBp: count,
      regions: z.array(
        z.object({
          regionId: id,
          electorate: z.number().int(),
          approve: count,
          reject: count,
          abstain: count,
          suppressed: z.boolean(),
        }),
      ),
    }),
  ),
});

export const meetingItem = z.object({
  id,
  kind: z.enum(meetingKinds),
  status: z.enum(meetingStatuses),
  titleZh: z.string(),
  titleEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  hostRegionId: id,
  place: z.string(),
  startsAt: at,
  endsAt: at,
  record: z
    .object({
      agenda: z.array(
        z.object({ position: z.number().int(), titleZh: z.string(), titleEn: z.string(), minutes: z.string() }),
      ),
      decisions: z.array(
        z.object({ id, textZh: z.string(), textEn: z.string(), ballotId: id.nullable(), createdAt: at }),
      ),
    })
    .nullable()
    .describe("The minutes and decisions, once the meeting is closed"),
});

export const achievementItem = z.object({
  id,
  kind: z.enum(achievementKinds),
  titleZh: z.string(),
  titleEn: z.string(),
  summaryZh: z.string(),
  summaryEn: z.string(),
  trl: z.number().int(),
  ipStatus: z.enum(ipStatuses),
  transferModes: z.array(z.enum(transferModes)),
  sectors: z.array(z.string()),
  originProjectId: id.nullable(),
  createdAt: at,
});

/** A deal on a public achievement; its value only where both sides agreed to publish it, never the buyer's account. */
export const dealItem = z.object({
  id,
  achievementId: id,
  titleZh: z.string(),
  titleEn: z.string(),
  mode: z.enum(transferModes),
  owners: z.array(z.object({ organisation: z.string(), region: z.string().describe("Region code") })),
  buyerOrganisation: z.string(),
  buyerRegion: z.string().describe("Region code"),
  signedOn: z.string().describe("ISO 8601 date"),
  valueYuan: z.number().int().nullable().describe("Only when both sides published it; otherwise null"),
});

export const dumpItem = z.object({
  id,
  fileName: z.string(),
  sizeBytes: z.number().int(),
  finishedAt: at,
  counts: z.record(z.string(), z.number().int()),
  url: z.string(),
});

export const apiError = z.object({
  error: z.object({
    code: z.string().describe("HTTP-level code, e.g. NOT_FOUND, TOO_MANY_REQUESTS"),
    reason: z.string().nullable().describe("A stable reason, e.g. BAD_CURSOR"),
    message: z.string().describe("In the language of Accept-Language (zh-CN or en)"),
  }),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/* ---------- the endpoints (the OpenAPI document and the reference page are built from these) ---------- */

export const datasetNames = [
  "recommendations",
  "forums",
  "topics",
  "comments",
  "projects",
  "ballot_results",
  "meetings",
  "achievements",
  "deals",
] as const;
export type DatasetName = (typeof datasetNames)[number];

export interface EndpointSpec {
  path: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  response: z.ZodType;
  /** The dump dataset holding the same items. */
  dataset?: DatasetName;
}

export const endpointSpecs = {
  listRecommendations: {
    path: "/recommendations",
    query: pageQuery,
    response: pageOf(recommendationItem),
    dataset: "recommendations",
  },
  listForums: { path: "/forums", query: pageQuery, response: pageOf(forumItem), dataset: "forums" },
  listForumTopics: {
    path: "/forums/{id}/topics",
    params: idPath,
    query: pageQuery,
    response: pageOf(topicItem),
    dataset: "topics",
  },
  getTopic: { path: "/topics/{id}", params: idPath, response: topicItem },
  listTopicComments: {
    path: "/topics/{id}/comments",
    params: idPath,
    query: pageQuery,
    response: pageOf(commentItem),
    dataset: "comments",
  },
  listProjects: { path: "/projects", query: projectsQuery, response: pageOf(projectItem), dataset: "projects" },
  getProject: { path: "/projects/{id}", params: idPath, response: projectDetail },
  listProjectBallotResults: {
    path: "/projects/{id}/ballot-results",
    params: idPath,
    query: pageQuery,
    response: pageOf(ballotResultItem),
    dataset: "ballot_results",
  },
  listMeetings: { path: "/meetings", query: meetingsQuery, response: pageOf(meetingItem), dataset: "meetings" },
  listAchievements: {
    path: "/achievements",
    query: pageQuery,
    response: pageOf(achievementItem),
    dataset: "achievements",
  },
  listDeals: { path: "/deals", query: pageQuery, response: pageOf(dealItem), dataset: "deals" },
  listDumps: { path: "/dumps", response: z.object({ items: z.array(dumpItem) }) },
} satisfies Record<string, EndpointSpec>;
export type EndpointId = Exclude<keyof typeof endpointSpecs, "listDumps">;

/* ---------- admin procedures ---------- */

export const issueKeyInput = z.object({
  name: z.string().trim().min(1).max(120),
  perMinute: z.number().int().min(apiLimits.anonymousPerMinute).max(10_000).default(apiLimits.keyPerMinuteDefault),
});

export const keyIdInput = z.object({ keyId: z.number().int().positive().max(2_147_483_647) });

export const dumpStatusSchema = z.enum(dumpStatuses);
export const dumpTriggerSchema = z.enum(dumpTriggers);
