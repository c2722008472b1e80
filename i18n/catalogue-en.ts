import en from "@/messages/en.json";
import enAchievements from "@/messages/en.achievements.json";
import enAlliances from "@/messages/en.alliances.json";
import enDiscovery from "@/messages/en.discovery.json";
import enFund from "@/messages/en.fund.json";
import enModeration from "@/messages/en.moderation.json";
import enNotifications from "@/messages/en.notifications.json";
import enOutgoing from "@/messages/en.outgoing.json";
import enOpinions from "@/messages/en.opinions.json";
import enRecovery from "@/messages/en.recovery.json";
import enSecurity from "@/messages/en.security.json";
import enMeetings from "@/messages/en.meetings.json";
import enTalent from "@/messages/en.talent.json";
import enAttachments from "@/messages/en.attachments.json";
import enOpenData from "@/messages/en.open-data.json";
import enSso from "@/messages/en.sso.json";
import enTimePoll from "@/messages/en.time-poll.json";

/**
 * The English catalogue: one file per area, so that work on different areas does not collide in one
 * large file; each area owns distinct top-level namespaces. Its own module, so the browser can load one
 * locale's catalogue as one chunk (app/lib/intl-client-provider.tsx).
 */
export const parts: Record<string, unknown>[] = [
  en,
  enAchievements,
  enAlliances,
  enDiscovery,
  enFund,
  enModeration,
  enNotifications,
  enOutgoing,
  enOpinions,
  enRecovery,
  enSecurity,
  enMeetings,
  enTalent,
  enAttachments,
  enOpenData,
  enSso,
  enTimePoll,
];

export const catalogue: Record<string, unknown> = Object.assign({}, ...parts) as Record<string, unknown>;
