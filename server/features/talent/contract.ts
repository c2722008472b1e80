import { z } from "zod";
import { idInput } from "@/server/features/accounts/contract";
import { normaliseTags } from "@/server/features/projects/rules/project-rules";
import {
  applicationActions,
  applicationStatuses,
  expertiseLinkKinds,
  expertiseVisibilities,
  postingKinds,
  postingStatuses,
  type PostingKind,
  type PostingStatus,
  talentLimits,
} from "@/shared/talent-vocabulary";

export { talentLimits };

const text = (max: number) => z.string().trim().min(1).max(max);
const tagList = (maxItems: number, maxLength: number) =>
  z
    .array(z.string().max(maxLength))
    .max(maxItems)
    .transform((tags) => normaliseTags(tags));

export const createPostingInput = z.object({
  kind: z.enum(postingKinds),
  title: text(talentLimits.titleMax),
  description: text(talentLimits.descriptionMax),
  field: text(talentLimits.fieldMax),
  hostRegionId: idInput,
  durationMonths: z.number().int().min(1).max(talentLimits.durationMaxMonths),
  places: z.number().int().min(1).max(talentLimits.placesMax),
  support: z.string().trim().max(talentLimits.supportMax),
  startsOn: z.iso.date().nullable(),
});
export type CreatePostingInput = z.input<typeof createPostingInput>;

export const postingIdInput = z.object({ postingId: idInput });
export const setPostingStatusInput = z.object({ postingId: idInput, status: z.enum(postingStatuses) });

export const listPostingsInput = z.object({
  kind: z.enum(postingKinds).nullish(),
  regionId: idInput.nullish(),
  field: z.string().trim().max(talentLimits.fieldMax).nullish(),
  /** Closed postings too (the host's own list shows them). */
  includeClosed: z.boolean().default(false),
  offset: z.number().int().min(0).max(100_000).default(0),
  limit: z.number().int().min(1).max(100).default(30),
});

export const applyInput = z.object({ postingId: idInput, statement: text(talentLimits.statementMax) });
export const applicationIdInput = z.object({ applicationId: idInput });
export const moveApplicationInput = z.object({ applicationId: idInput, action: z.enum(applicationActions) });

export const expertiseInput = z.object({
  fields: tagList(talentLimits.fieldsMax, talentLimits.fieldMax),
  keywords: tagList(talentLimits.keywordsMax, talentLimits.keywordMax),
  links: z
    .array(
      z.object({
        kind: z.enum(expertiseLinkKinds),
        label: text(talentLimits.linkLabelMax),
        url: z.url({ protocol: /^https?$/ }).max(talentLimits.urlMax),
      }),
    )
    .max(talentLimits.linksMax),
  visibility: z.enum(expertiseVisibilities),
  recognitionOptOut: z.boolean(),
});
export type ExpertiseInput = z.input<typeof expertiseInput>;

export const personInput = z.object({ accountId: idInput });
export const regionInput = z.object({ regionId: idInput });

export const suggestInput = z.object({
  text: z.string().max(20_000),
  tags: z.array(z.string().max(60)).max(20).default([]),
  partnerRegionIds: z.array(idInput).max(40),
  /** When editing a project: its proposer and invited co-proposers are not suggested again. */
  projectId: idInput.nullish(),
});

/** An application as its applicant and the posting's host see it. */
export interface ApplicationView {
  id: number;
  postingId: number;
  applicant: { id: number; displayName: string; organisation: string; regionId: number };
  statement: string;
  status: (typeof applicationStatuses)[number];
  createdAt: string;
  statusChangedAt: string;
}

/** A posting as its host's "My postings" lists it (without its count of applications under way), dates as ISO strings. */
export interface HostedPosting {
  id: number;
  title: string;
  kind: PostingKind;
  status: PostingStatus;
  createdAt: string;
}

/** The posting an application is to, as "My applications" lists it with the row (postings are public). */
export interface ApplicationPosting {
  id: number;
  title: string;
  kind: PostingKind;
  hostRegionId: number;
  hostOrganisation: string;
}
