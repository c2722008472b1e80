import zh from "@/messages/zh-CN.json";
import zhAchievements from "@/messages/zh-CN.achievements.json";
import zhAlliances from "@/messages/zh-CN.alliances.json";
import zhDiscovery from "@/messages/zh-CN.discovery.json";
import zhFund from "@/messages/zh-CN.fund.json";
import zhModeration from "@/messages/zh-CN.moderation.json";
import zhNotifications from "@/messages/zh-CN.notifications.json";
import zhOutgoing from "@/messages/zh-CN.outgoing.json";
import zhOpinions from "@/messages/zh-CN.opinions.json";
import zhRecovery from "@/messages/zh-CN.recovery.json";
import zhSecurity from "@/messages/zh-CN.security.json";
import zhMeetings from "@/messages/zh-CN.meetings.json";
import zhTalent from "@/messages/zh-CN.talent.json";
import zhAttachments from "@/messages/zh-CN.attachments.json";
import zhOpenData from "@/messages/zh-CN.open-data.json";
import zhSso from "@/messages/zh-CN.sso.json";
import zhTimePoll from "@/messages/zh-CN.time-poll.json";

/**
 * The Chinese (zh-CN) catalogue: one file per area, so that work on different areas does not collide in one
 * large file; each area owns distinct top-level namespaces. Its own module, so the browser can load one
 * locale's catalogue as one chunk (app/lib/intl-client-provider.tsx).
 */
export const parts: Record<string, unknown>[] = [
  zh,
  zhAchievements,
  zhAlliances,
  zhDiscovery,
  zhFund,
  zhModeration,
  zhNotifications,
  zhOutgoing,
  zhOpinions,
  zhRecovery,
  zhSecurity,
  zhMeetings,
  zhTalent,
  zhAttachments,
  zhOpenData,
  zhSso,
  zhTimePoll,
];

export const catalogue: Record<string, unknown> = Object.assign({}, ...parts) as Record<string, unknown>;
