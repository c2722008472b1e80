import type { ApplicationView } from "./contract";

/** Live events of talent exchange, on `posting:<id>` (the posting's host and admins only). */
export interface TalentEvents {
  /** An application arrived or moved on; the payload is the row the host's pipeline shows. */
  "application:changed": { postingId: number; application: ApplicationView };
}
