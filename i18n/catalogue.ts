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
import type { Locale } from "@/shared/vocabulary";

/**
 * The catalogue is kept in one file per area (core, moderation, notifications, recovery, security, discovery) so that
 * work on different areas does not collide in one large file; each area owns distinct top-level
 * namespaces, merged here.
 */
export const catalogues: Record<Locale, Record<string, unknown>> = {
  en: {
    ...en,
    ...enAchievements,
    ...enAlliances,
    ...enDiscovery,
    ...enFund,
    ...enModeration,
    ...enNotifications,
    ...enOutgoing,
    ...enOpinions,
    ...enRecovery,
    ...enSecurity,
    ...enMeetings,
    ...enTalent,
    ...enAttachments,
    ...enOpenData,
    ...enSso,
    ...enTimePoll,
  },
  "zh-CN": {
    ...zh,
    ...zhAchievements,
    ...zhAlliances,
    ...zhDiscovery,
    ...zhFund,
    ...zhModeration,
    ...zhNotifications,
    ...zhOutgoing,
    ...zhOpinions,
    ...zhRecovery,
    ...zhSecurity,
    ...zhMeetings,
    ...zhTalent,
    ...zhAttachments,
    ...zhOpenData,
    ...zhSso,
    ...zhTimePoll,
  },
};

export const catalogueParts: Record<Locale, Record<string, unknown>[]> = {
  en: [
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
  ],
  "zh-CN": [
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
  ],
};
