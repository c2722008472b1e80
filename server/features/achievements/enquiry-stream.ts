import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { achievementEnquiries } from "@/db/schema";
import { canSeeEnquiry, type Viewer } from "./rules/access";
import { editorIdsOf } from "./visibility";

/**
 * The `enquiry:<id>` stream carries a private negotiation's messages and terms, so it is exactly as
 * visible as the enquiry: its asker, the achievement's editors and admins. One that does not exist has
 * nothing to carry.
 */
export async function enquiryStreamVisible(db: Db, viewer: Viewer, enquiryId: number): Promise<boolean> {
  const [enquiry] = await db
    .select({ askerId: achievementEnquiries.askerId, achievementId: achievementEnquiries.achievementId })
    .from(achievementEnquiries)
    .where(eq(achievementEnquiries.id, enquiryId));
  if (!enquiry) return false;
  const editorIds = (await editorIdsOf(db, [enquiry.achievementId])).get(enquiry.achievementId) ?? [];
  return canSeeEnquiry({ askerId: enquiry.askerId, editorIds }, viewer);
}
