import type { ApplicationView } from "./contract";

/**
 * Live events of talent exchange, on `posting:<id>` (the posting's host and admins only) and the
 * applicant's own `user:<id>` (only their own application ever goes there).
 */
export interface TalentEvents {
  /** An application arrived or moved on; the payload is the row the host's pipeline and its applicant's page show. */
  "application:changed": { postingId: number; application: ApplicationView };
}
