import { z } from "zod";
import { allianceLimits, chainRoles } from "@/shared/alliance-vocabulary";
import { idInput } from "@/server/features/accounts/contract";
import { sectorsInput } from "@/server/features/organisations/contract";

const name = z.string().trim().min(1).max(allianceLimits.nameMax);
const description = z.string().trim().max(allianceLimits.descriptionMax);
const contribution = z.string().trim().max(allianceLimits.contributionMax);

export const allianceIdInput = z.object({ allianceId: idInput });
export const listAlliancesInput = z.object({ query: z.string().trim().max(allianceLimits.nameMax).default("") });

/** The founder's organisation joins at once, in the chain role given here. */
export const foundAllianceInput = z.object({
  nameZh: name,
  nameEn: name,
  descriptionZh: description.default(""),
  descriptionEn: description.default(""),
  sectors: sectorsInput.default([]),
  chainRole: z.enum(chainRoles),
  contribution: contribution.default(""),
});

export const inviteOrganisationInput = z.object({
  allianceId: idInput,
  organisationId: idInput,
  chainRole: z.enum(chainRoles),
  contribution: contribution.default(""),
});

export const answerInvitationInput = z.object({
  memberId: idInput,
  accept: z.boolean(),
  /** The invited organisation may say in its own words what it contributes; blank keeps the invitation's. */
  contribution: contribution.default(""),
});

export const homeProjectInput = z.object({ allianceId: idInput, projectId: idInput });

export const clusterMatrixInput = z.object({ clusterCode: z.string().trim().min(1).max(40) });

export const matrixExportInput = z.union([
  z.object({ allianceId: idInput }),
  z.object({ clusterCode: z.string().trim().min(1).max(40) }),
]);
