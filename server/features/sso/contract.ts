import { z } from "zod";
import { idInput } from "@/server/features/accounts/contract";

export const providerIdInput = z.object({ providerId: z.string().trim().min(1).max(32) });

export const approveRequestInput = z.object({
  requestId: idInput,
  role: z.enum(["member", "researcher"]),
});

export const refuseRequestInput = z.object({
  requestId: idInput,
  reason: z.string().trim().max(500).default(""),
});
