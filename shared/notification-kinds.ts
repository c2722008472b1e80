/**
 * The kinds of notification and how each is delivered unless a person says otherwise. Shared by the
 * schema (as a database enum), the services that create notifications, and the preferences page.
 */
export const notificationKinds = [
  "reply",
  "mention",
  "followed_comment",
  "coauthor_invited",
  "coauthor_answered",
  "project_state",
  "ballot_opened",
  "ballot_closing_24h",
  "ballot_closing_1h",
  "report_resolved",
  "content_hidden",
  "content_restored",
  "invitation_redeemed",
  "achievement_enquiry",
  "achievement_transfer",
  "talent_application",
  "talent_application_status",
  "alliance_invited",
  "alliance_answered",
  "sso_pending",
  "meeting_invited",
  "meeting_agenda_changed",
  "meeting_reminder",
  "decision_confirmation",
  "action_overdue",
  "fund_review_assigned",
  "fund_milestone_due",
  "fund_milestone_late",
  "fund_review_due",
  "achievement_match",
  "achievement_interest",
  "fund_revision_proposed",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const emailModes = ["off", "immediate", "daily"] as const;
export type EmailMode = (typeof emailModes)[number];

export const emailStatuses = ["pending", "sent", "failed"] as const;
export type EmailStatus = (typeof emailStatuses)[number];

export interface DeliveryPreference {
  inApp: boolean;
  email: EmailMode;
}

/** Deadlines and decisions by email at once; conversation in a daily digest. */
export const defaultPreferences: Record<NotificationKind, DeliveryPreference> = {
  reply: { inApp: true, email: "daily" },
  mention: { inApp: true, email: "daily" },
  followed_comment: { inApp: true, email: "daily" },
  coauthor_invited: { inApp: true, email: "immediate" },
  coauthor_answered: { inApp: true, email: "daily" },
  project_state: { inApp: true, email: "immediate" },
  ballot_opened: { inApp: true, email: "immediate" },
  ballot_closing_24h: { inApp: true, email: "immediate" },
  ballot_closing_1h: { inApp: true, email: "immediate" },
  report_resolved: { inApp: true, email: "off" },
  content_hidden: { inApp: true, email: "immediate" },
  content_restored: { inApp: true, email: "off" },
  invitation_redeemed: { inApp: true, email: "daily" },
  achievement_enquiry: { inApp: true, email: "immediate" },
  achievement_transfer: { inApp: true, email: "immediate" },
  talent_application: { inApp: true, email: "daily" },
  talent_application_status: { inApp: true, email: "immediate" },
  alliance_invited: { inApp: true, email: "immediate" },
  alliance_answered: { inApp: true, email: "daily" },
  sso_pending: { inApp: true, email: "daily" },
  meeting_invited: { inApp: true, email: "immediate" },
  meeting_agenda_changed: { inApp: true, email: "daily" },
  meeting_reminder: { inApp: true, email: "immediate" },
  decision_confirmation: { inApp: true, email: "immediate" },
  action_overdue: { inApp: true, email: "immediate" },
  fund_review_assigned: { inApp: true, email: "immediate" },
  fund_milestone_due: { inApp: true, email: "immediate" },
  fund_milestone_late: { inApp: true, email: "immediate" },
  fund_review_due: { inApp: true, email: "immediate" },
  achievement_match: { inApp: true, email: "daily" },
  achievement_interest: { inApp: true, email: "immediate" },
  fund_revision_proposed: { inApp: true, email: "immediate" },
};
