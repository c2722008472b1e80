import { z } from "zod";

/** A six-digit app code, or (at sign-in only) a recovery code such as `7k3mq-x9p2a`. */
export const appCodeInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
});

/** Turning two-factor on or off also asks for the current password. */
export const twoFactorChangeInput = appCodeInput.extend({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
});

export const signInCodeInput = z.string().trim().max(32).optional();
