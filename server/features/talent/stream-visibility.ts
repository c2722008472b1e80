import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { talentPostings } from "@/db/schema";
import { canManagePosting, type Viewer } from "./rules/access";

/**
 * The `posting:<id>` stream carries the host's pipeline (applications, which are private), so only
 * those who manage the posting may join it. A posting that does not exist has nothing to carry.
 */
export async function postingStreamVisible(db: Db, viewer: Viewer, postingId: number): Promise<boolean> {
  const [posting] = await db
    .select({ hostId: talentPostings.postedById })
    .from(talentPostings)
    .where(eq(talentPostings.id, postingId));
  return posting !== undefined && canManagePosting(posting, viewer);
}
