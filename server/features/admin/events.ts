import type { OnTheWire } from "@/shared/on-the-wire";
import type { Role } from "@/shared/vocabulary";
import type { InvitationStatus } from "@/server/domain/time-states";

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

/** An account as admin.accounts lists it: admins only, like the `admin` stream that carries it. */
export type ListedAccount = {
  id: number;
  email: string;
  displayName: string;
  organisation: string;
  role: Role;
  chair: boolean;
  regionId: number;
  suspendedUntil: Date | null;
  suspensionReason: string | null;
  createdAt: Date;
  /** Suspended when the row was read (the list's reader compares with its own clock too). */
  suspended: boolean;
};

/**
 * An invitation as invitations.list lists it (admins only); `status` as of the read, which the panel
 * derives again at the expiry (time-states.ts), as no event tells of it.
 */
export type ListedInvitation = {
  id: number;
  email: string;
  role: Role;
  regionId: number;
  organisation: string;
  expiresAt: Date;
  redeemedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  invitedBy: string | null;
  status: InvitationStatus;
};

/**
 * Live events of the admin pages (`admin`, admins only). `account` and `invitation`: the row as the
 * admin's list reads it after the change (absent on events from before they carried it).
 */
export interface AdminEvents {
  "account:updated": { accountId: number; account?: OnTheWire<ListedAccount> };
  "forum:hold-settings": { forumId: number };
  "blocked-words:changed": Record<string, never>;
  "invitation:issued": { invitationId: number; invitation?: OnTheWire<ListedInvitation> };
  "invitation:revoked": { invitationId: number; invitation?: OnTheWire<ListedInvitation> };
  /** `account`: the new account, which enters the accounts list. */
  "invitation:redeemed": {
    invitationId: number;
    accountId: number;
    invitation?: OnTheWire<ListedInvitation>;
    account?: OnTheWire<ListedAccount>;
  };
  /** `cluster`: the changed cluster (or the region's) with its regions as listed after the change. */
  "regions:changed": { clusterId?: number; regionId?: number; cluster?: OnTheWire<ListedCluster> };
}
