import type { OnTheWire } from "@/shared/on-the-wire";

/** A cluster with its regions as reference.regions and admin.regions list them (regions by id). */
export type ListedCluster = {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  retiredAt: Date | null;
  createdAt: Date;
  regions: {
    id: number;
    code: string;
    clusterId: number;
    nameZh: string;
    nameEn: string;
    strengthZh: string;
    strengthEn: string;
    retiredAt: Date | null;
    createdAt: Date;
  }[];
};

/** Live events of the admin pages (`admin`, admins only). */
export interface AdminEvents {
  "account:updated": { accountId: number };
  "forum:hold-settings": { forumId: number };
  "blocked-words:changed": Record<string, never>;
  "invitation:issued": { invitationId: number };
  "invitation:revoked": { invitationId: number };
  "invitation:redeemed": { invitationId: number; accountId: number };
  /** `cluster`: the changed cluster (or the region's) with its regions as listed after the change. */
  "regions:changed": { clusterId?: number; regionId?: number; cluster?: OnTheWire<ListedCluster> };
}
