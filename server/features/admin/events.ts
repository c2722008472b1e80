/** Live events of the admin pages (`admin`, admins only). */
export interface AdminEvents {
  "account:updated": { accountId: number };
  "forum:hold-settings": { forumId: number };
  "blocked-words:changed": Record<string, never>;
  "invitation:issued": { invitationId: number };
  "invitation:revoked": { invitationId: number };
  "invitation:redeemed": { invitationId: number; accountId: number };
  "regions:changed": { clusterId?: number; regionId?: number };
}
