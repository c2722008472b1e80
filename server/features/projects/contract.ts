import { z } from "zod";
import { issueKey } from "@/i18n/validation-messages";
import { projectStatuses } from "@/server/features/projects/rules/project-lifecycle";
import {
  budgetViolations,
  durationViolations,
  normaliseTags,
  projectLimits,
  recommendationViolations,
  regionViolations,
  tagViolations,
  type Violation,
} from "@/server/features/projects/rules/project-rules";
import { searchLimits } from "@/server/features/projects/rules/project-search";
import { idInput, maxRowId } from "@/server/features/accounts/contract";
import { cursorInput } from "@/server/features/deliberation/contract";

export { projectLimits };

/** Whitespace-only text is empty text: refused with the same message as a blank field. */
const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} must be at most ${max.toLocaleString("en")} characters`)
    .refine((value) => value.trim().length > 0, { message: `${what} cannot be empty`, ...issueKey("blank") });

const report = (ctx: z.RefinementCtx, violations: Violation[]) => {
  for (const v of violations) ctx.addIssue({ code: "custom", path: [v.path], message: v.message });
};

/** Rules from server/features/projects/rules/project-rules.ts, so a form and the server say the same sentence. */
const budgetInput = z
  .number({ error: "The budget must be a positive whole number of yuan" })
  .superRefine((value, ctx) => {
    for (const v of budgetViolations(value)) ctx.addIssue({ code: "custom", message: v.message });
  });
const durationInput = z.number({ error: "The duration must be a whole number of months" }).superRefine((value, ctx) => {
  for (const v of durationViolations(value)) ctx.addIssue({ code: "custom", message: v.message });
});
const recommendationsInput = z
  .array(z.number().int())
  .max(20)
  .superRefine((value, ctx) => {
    for (const v of recommendationViolations(value)) ctx.addIssue({ code: "custom", message: v.message });
  });
const tagsInput = z
  .array(z.string().max(200))
  .max(50)
  .transform((tags) => normaliseTags(tags))
  .superRefine((tags, ctx) => {
    for (const v of tagViolations(tags)) ctx.addIssue({ code: "custom", message: v.message });
  });
const partnerRegionsInput = z.array(idInput).max(50);

const fields = {
  title: text(projectLimits.titleMax, "Title").transform((v) => v.trim()),
  summary: text(projectLimits.summaryMax, "Summary").transform((v) => v.trim()),
  body: text(projectLimits.bodyMax, "Body"),
  expectedOutcomes: text(projectLimits.outcomesMax, "Expected outcomes").transform((v) => v.trim()),
  budgetYuan: budgetInput,
  durationMonths: durationInput,
  tags: tagsInput,
  recommendations: recommendationsInput,
  leadRegionId: idInput,
  partnerRegionIds: partnerRegionsInput,
};

export const createProjectInput = z
  .object({ ...fields, tags: tagsInput.default([]) })
  .superRefine((value, ctx) => report(ctx, regionViolations(value.leadRegionId, value.partnerRegionIds)));
export type CreateProjectInput = z.input<typeof createProjectInput>;

/**
 * A partial edit: only the fields given change. The regions rule needs both lead and partners, so
 * when only one is given the service checks the merged result.
 */
export const updateProjectInput = z
  .object({
    projectId: idInput,
    /** The version the editor started from; a newer one means someone else edited meanwhile. */
    expectedVersion: z.number().int().positive().max(maxRowId).nullish(),
    title: fields.title.optional(),
    summary: fields.summary.optional(),
    body: fields.body.optional(),
    expectedOutcomes: fields.expectedOutcomes.optional(),
    budgetYuan: budgetInput.optional(),
    durationMonths: durationInput.optional(),
    tags: tagsInput.optional(),
    recommendations: recommendationsInput.optional(),
    leadRegionId: idInput.optional(),
    partnerRegionIds: partnerRegionsInput.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.leadRegionId !== undefined && value.partnerRegionIds !== undefined)
      report(ctx, regionViolations(value.leadRegionId, value.partnerRegionIds));
  });
export type UpdateProjectInput = z.input<typeof updateProjectInput>;

export const projectIdInput = z.object({ projectId: idInput });

export const projectSortInput = z.enum(["newest", "discussed", "budget"]);

export const listProjectsInput = z.object({
  /** Words to find in the title, summary, body, outcomes or tags; every word must occur. */
  q: z.string().max(searchLimits.queryMax, `Search text must be at most ${searchLimits.queryMax} characters`).nullish(),
  /** A region taking part, as lead or partner. */
  regionId: idInput.nullish(),
  /** Any of the project's regions is in this cluster. */
  clusterId: idInput.nullish(),
  /** A recommendation number, 1–5. */
  recommendation: z.number().int().min(1).max(projectLimits.recommendationNumberMax).nullish(),
  status: z.enum(projectStatuses).nullish(),
  tag: z.string().max(200).nullish(),
  /** Only projects the caller proposed or was invited to co-propose, drafts included. */
  mine: z.boolean().default(false),
  sort: projectSortInput.default("newest"),
  cursor: cursorInput,
  limit: z.number().int().min(1).max(50).default(projectLimits.pageSize),
});

export const inviteCoauthorInput = z.object({ projectId: idInput, accountId: idInput });

export const respondToInvitationInput = z.object({ projectId: idInput, response: z.enum(["accept", "decline"]) });

export const coauthorCandidatesInput = z.object({ projectId: idInput, q: z.string().trim().max(80).default("") });

export const versionDiffInput = z.object({
  projectId: idInput,
  from: z.number().int().positive().max(maxRowId),
  to: z.number().int().positive().max(maxRowId),
});

const code = z.string().trim().toLowerCase().min(1).max(40);
export const regionDashboardInput = z.object({ regionCode: code });
export const clusterDashboardInput = z.object({ clusterCode: code });
