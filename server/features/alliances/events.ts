import type { ChainRole, MembershipStatus } from "@/shared/alliance-vocabulary";

/** A member organisation as the alliance page shows it (a type alias, so `pick` reads its names). */
export type AllianceMemberView = {
  id: number;
  organisationId: number;
  nameZh: string;
  nameEn: string;
  regionId: number;
  chainRole: ChainRole;
  contribution: string;
  status: MembershipStatus;
};

/** A project homed in the alliance, with the cities it spans (the matrix counts them). */
export type AllianceProjectView = {
  id: number;
  title: string;
  status: string;
  regionIds: number[];
};

/** Live events of alliances, on `alliance:<id>`: the members and projects the page shows, in full. */
export interface AllianceEvents {
  "alliance:changed": { allianceId: number; members: AllianceMemberView[]; projects: AllianceProjectView[] };
}
