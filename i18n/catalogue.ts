import en from "@/messages/en.json";
import enAchievements from "@/messages/en.achievements.json";
import enDiscovery from "@/messages/en.discovery.json";
import enModeration from "@/messages/en.moderation.json";
import enNotifications from "@/messages/en.notifications.json";
import enRecovery from "@/messages/en.recovery.json";
import enSecurity from "@/messages/en.security.json";
import zh from "@/messages/zh-CN.json";
import zhAchievements from "@/messages/zh-CN.achievements.json";
import zhDiscovery from "@/messages/zh-CN.discovery.json";
import zhModeration from "@/messages/zh-CN.moderation.json";
import zhNotifications from "@/messages/zh-CN.notifications.json";
import zhRecovery from "@/messages/zh-CN.recovery.json";
import zhSecurity from "@/messages/zh-CN.security.json";
import type { Locale } from "@/shared/vocabulary";

/**
 * The catalogue is kept in one file per area (core, moderation, notifications, recovery, security, discovery) so that
 * work on different areas does not collide in one large file; each area owns distinct top-level
 * namespaces, merged here.
 */
export const catalogues: Record<Locale, Record<string, unknown>> = {
  en: { ...en, ...enModeration, ...enNotifications, ...enRecovery, ...enSecurity, ...enDiscovery, ...enAchievements },
  "zh-CN": {
    ...zh,
    ...zhModeration,
    ...zhNotifications,
    ...zhRecovery,
    ...zhSecurity,
    ...zhDiscovery,
    ...zhAchievements,
  },
};

export const catalogueParts: Record<Locale, Record<string, unknown>[]> = {
  en: [en, enModeration, enNotifications, enRecovery, enSecurity, enDiscovery, enAchievements],
  "zh-CN": [zh, zhModeration, zhNotifications, zhRecovery, zhSecurity, zhDiscovery, zhAchievements],
};
