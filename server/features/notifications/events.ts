import type { NotificationKind } from "@/shared/notification-kinds";

/** Live events of a person's own stream, `user:<id>`. */
export interface NotificationEvents {
  /** The new item whole, as `notifications.list` returns it, so the list prepends it without a read. */
  "notification:created": {
    id: number;
    kind: NotificationKind;
    link: string;
    params: Record<string, string | number>;
    createdAt: string;
  };
  /** The items this mark turned from unread to read, and when. */
  "notification:read": { ids: number[]; readAt: string };
  "session:revoked": { reason: string };
  "report:received": { reportId: number };
  "report:resolved": { reportId: number; status: string };
}
