import type { NotificationKind } from "@/shared/notification-kinds";

/** Live events of a person's own stream, `user:<id>`. */
export interface NotificationEvents {
  "notification:created": { id: number; kind: NotificationKind };
  "notification:read": { ids: number[] };
  "session:revoked": { reason: string };
  "report:received": { reportId: number };
  "report:resolved": { reportId: number; status: string };
}
