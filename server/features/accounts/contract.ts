import { z } from "zod";
import { issueKey } from "@/i18n/validation-messages";
import { locales, roles } from "@/shared/vocabulary";
import { commonPasswords } from "@/server/domain/common-passwords";
import { cleanDisplayName } from "./rules/display-name";
import { passwordProblem } from "@/server/domain/password-policy";

/** Shared by the procedures and the forms, so the browser and the server refuse the same input. */
export const emailInput = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long")
  .email("Enter a valid email address");

export const passwordInput = z
  .string()
  .min(12, "Password must be at least 12 characters")
  .max(200, "Password must be at most 200 characters");

/**
 * A password being chosen now (invitation, change): also refused when it is common or easy to guess.
 * The list loads on the server on first use, so this schema is parsed with parseAsync (tRPC does).
 */
export const newPasswordInput = passwordInput.superRefine(async (password, ctx) => {
  const listed = await commonPasswords();
  if (passwordProblem(password, (variant) => listed.has(variant)) === "common") {
    ctx.addIssue({
      code: "custom",
      message: "This password is too common or too easy to guess; choose another",
      ...issueKey("passwordCommon"),
    });
  }
});

/** Names are cleaned before they are measured, so a name of only invisible characters counts as empty. */
const cleanedName = z.string().max(1000).transform(cleanDisplayName);

export const displayNameInput = cleanedName.pipe(
  z.string().min(1, "Display name is required").max(80, "Display name must be at most 80 characters"),
);

export const organisationInput = cleanedName.pipe(
  z.string().min(1, "Organisation is required").max(120, "Organisation must be at most 120 characters"),
);

export const roleInput = z.enum(roles);
export const localeInput = z.enum(locales);
/** Row ids are PostgreSQL integers; anything larger names no row and would fail in the database. */
export const maxRowId = 2_147_483_647;
export const idInput = z.number().int().positive().max(maxRowId, "That id does not exist");

export const issueInvitationInput = z.object({
  email: emailInput,
  role: roleInput,
  regionId: idInput,
  organisation: cleanedName.pipe(z.string().max(120)).default(""),
});
export type IssueInvitationInput = z.input<typeof issueInvitationInput>;

export const invitationTokenInput = z.object({
  token: z.string().min(20, "This invitation link is incomplete").max(100, "This invitation link is malformed"),
});

export const redeemInvitationInput = invitationTokenInput.extend({
  displayName: displayNameInput,
  organisation: organisationInput,
  password: newPasswordInput,
});
export type RedeemInvitationInput = z.input<typeof redeemInvitationInput>;

export const updateProfileInput = z.object({
  displayName: displayNameInput,
  organisation: organisationInput,
  locale: localeInput,
});

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
  newPassword: newPasswordInput,
});
