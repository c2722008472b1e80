import type { ApplicationPosting, ApplicationView, HostedPosting } from "./contract";

/**
 * Live events of talent exchange, on `posting:<id>` (the posting's host and admins only), the
 * applicant's own `user:<id>` (only their own applications ever go there) and the host's own
 * `user:<id>` (only applications to the postings they host).
 */
export interface TalentEvents {
  /**
   * An application arrived or moved on; the payload is the row the host's pipeline and its applicant's
   * pages show, with its (public) posting as "My applications" lists it.
   */
  "application:changed": { postingId: number; application: ApplicationView; posting: ApplicationPosting };
  /**
   * The same change on the host's own stream, as their "My applications" lists what they received, with
   * how many of the posting's applications are under way after it (read after the posting stream's
   * head was taken, so the count at each seq holds every change before it).
   */
  "application:received": {
    postingId: number;
    application: ApplicationView;
    posting: ApplicationPosting;
    activeApplications: number;
  };
  /**
   * A posting was created, opened or closed (by its host, from any tab, or by an admin): on the host's
   * own stream, as their "My postings" lists it. Its count of applications under way comes with each
   * application's change (`application:received`); a new posting has none.
   */
  "posting:changed": { posting: HostedPosting };
}
