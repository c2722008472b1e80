import { z } from "zod";
import { emailInput, idInput, newPasswordInput } from "@/server/features/accounts/contract";

export const requestPasswordResetInput = z.object({ email: emailInput });

export const resetTokenInput = z.object({
  token: z.string().min(20).max(100),
});

export const resetPasswordInput = resetTokenInput.extend({ newPassword: newPasswordInput });

export const accountIdInput = z.object({ accountId: idInput });
export const invitationIdInput = z.object({ invitationId: idInput });
