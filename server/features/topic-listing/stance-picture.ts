import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { queryRows } from "@/db/sql";
import {
  summariseStances,
  type RegionStances,
  type StanceCount,
} from "@/server/features/deliberation/rules/stance-picture";

/**
 * How each region's participants lean in a forum: each person counts once, with the stance of
 * their latest visible comment there that took one (a reply may take none and then does not count).
 * Only visible topics' comments count, so hiding, restoring or moving a topic changes it too.
 * Read in `db`'s snapshot: a page's read, or a transaction's for the event telling of a change.
 */
export async function stancePicture(db: Db | Tx, forumId: number): Promise<RegionStances[]> {
  const rows = await queryRows<{ region_id: number; stance: StanceCount["stance"]; n: number }>(
    db,
    sql`select region_id, stance, count(*)::int as n from (
          select distinct on (c.author_id) c.author_id, c.author_region_id as region_id, c.stance
          from comments c join topics t on t.thread_id = c.thread_id
          where t.forum_id = ${forumId} and c.state = 'visible' and t.state = 'visible' and c.stance is not null
          order by c.author_id, c.id desc
        ) latest group by region_id, stance`,
  );
  return summariseStances(rows.map((r) => ({ regionId: Number(r.region_id), stance: r.stance, count: Number(r.n) })));
}
