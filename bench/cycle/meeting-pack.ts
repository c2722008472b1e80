/**
 * bench:meeting-pack — the meeting pack PDF's cost (issue #18.6; see bench/README.md, "Meeting pack").
 *
 * A meeting with a 10-item agenda, each item linked to a topic of 1,000 comments (every stance, some
 * amendments with "agree" reactions), 20 registered members in 5 regions. Timed, interleaved so both
 * see the same load on a shared machine:
 *   - meeting_pack_ms: the PDF generated from nothing (cache emptied): data load + drawing + subsetting;
 *   - baseline: the pack's data load alone (what the HTML pack page reads, plus the digests);
 *   - meeting_pack_cached_ms: a second download of the unchanged pack (data load + fingerprint + hit);
 *   - meeting_pack_loop_lag_max_ms: the worst event-loop delay meanwhile (the PDF is drawn off-thread;
 *     PGlite's queries run on this thread, PostgreSQL's do not).
 * Database: PGlite, or PostgreSQL on BENCH_DATABASE_URL. Runs: BENCH_MEETING_PACK_RUNS (default 7).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { forums } from "@/db/schema";
import { queryRows } from "@/db/sql";
import { addAgendaItem } from "@/server/features/meetings/agenda";
import { register } from "@/server/features/meetings/attendance";
import { createMeeting, transitionMeeting } from "@/server/features/meetings/manage-meeting";
import { meetingPackData } from "@/server/features/meetings/pack/pack";
import { clearPackCache, meetingPackPdf } from "@/server/features/meetings/pack/pack-cache";
import { toChinaLocal } from "@/server/features/meetings/rules";
import { insertAccounts, makeChair } from "@/server/testing/ballots";
import { createTestServices, regionIdsByCode } from "@/server/testing/fixtures";
import { positiveInt } from "../support/bench-env";

const items = 10;
const commentsPerTopic = 1000;
const runs = positiveInt("BENCH_MEETING_PACK_RUNS", 7);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (v: number) => Math.round(v * 10) / 10;

if (process.env.BENCH_DATABASE_URL) process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
const services = await createTestServices();
const { deps } = services;
const region = await regionIdsByCode(deps.db);
const codes = ["shanghai", "hangzhou", "suzhou", "shenzhen", "beijing"];
const members = (await Promise.all(codes.map((c) => insertAccounts(deps.db, region(c), 4)))).flat();
const chair = await makeChair(deps.db, members[0]!);
const [forum] = await deps.db.select({ id: forums.id }).from(forums).limit(1);

/** One topic and its 1,000 comments in a few statements (the use-cases would take minutes to write them). */
async function seedTopic(n: number): Promise<number> {
  const author = members[n % members.length]!.account;
  const [thread] = await queryRows<{ id: number }>(
    deps.db,
    sql`insert into threads (owner_kind, stream) values ('topic', '') returning id`,
  );
  const [topic] = await queryRows<{ id: number }>(
    deps.db,
    sql`insert into topics (forum_id, thread_id, author_id, author_region_id, title, body, body_html)
        values (${forum!.id}, ${thread!.id}, ${author.id}, ${author.regionId}, ${`议题 ${n + 1}：跨区域数据共享的收益分配`},
                'body', '<p>body</p>') returning id`,
  );
  await deps.db.execute(sql`update threads set stream = ${`topic:${topic!.id}`} where id = ${thread!.id}`);
  const ids = members.map((m) => m.account.id);
  const regionIds = members.map((m) => m.account.regionId);
  await deps.db.execute(sql`
    insert into comments (thread_id, author_id, author_region_id, stance, amendment_text, body, body_html, depth)
    select ${thread!.id}, (${sql.raw(`array[${ids.join(",")}]`)})[1 + g % ${ids.length}],
           (${sql.raw(`array[${regionIds.join(",")}]`)})[1 + g % ${ids.length}],
           (array['support','concern','question','amendment'])[1 + g % 4]::stance,
           case when g % 4 = 3 then '将第 ' || g || ' 条修改为：按投入比例分享收益。' end,
           '第 ' || g || ' 条评论', '<p>第 ' || g || ' 条评论</p>', 0
    from generate_series(1, ${commentsPerTopic}) g`);
  await deps.db.execute(sql`
    insert into reactions (comment_id, account_id, region_id, kind)
    select c.id, a.id, a.region_id, 'agree' from comments c
    join accounts a on a.id in (${sql.raw(ids.slice(0, 6).join(","))}) and (c.id + a.id) % 3 = 0
    where c.thread_id = ${thread!.id} and c.stance = 'amendment'`);
  return topic!.id;
}

const now = deps.now().getTime();
const { meetingId } = await createMeeting(deps, chair.user, {
  kind: "coordination",
  titleZh: "长三角科技协调会议（基准）",
  titleEn: "YRD S&T coordination meeting (bench)",
  descriptionZh: "基准测试用会议。",
  descriptionEn: "A meeting for the benchmark.",
  hostRegionId: region("shanghai"),
  place: "上海",
  onlineUrl: "",
  startsAt: toChinaLocal(new Date(now + 86_400_000)),
  endsAt: toChinaLocal(new Date(now + 86_400_000 + 3 * 3_600_000)),
  publicPage: false,
});
for (let i = 0; i < items; i += 1)
  await addAgendaItem(deps, chair.user, {
    meetingId,
    titleZh: `议程 ${i + 1}：联合攻关项目进展`,
    titleEn: `Item ${i + 1}: joint project progress`,
    durationMinutes: 20,
    presenter: "上海市科学技术委员会",
    topicId: await seedTopic(i),
    projectId: null,
    ballotId: null,
    roundId: null,
  });
await transitionMeeting(deps, chair.user, { meetingId, action: "schedule" });
for (const m of members) await register(deps, m.user, { meetingId, mode: "online", delegateName: "" });

const first = performance.now();
const warm = await meetingPackPdf(deps, chair.user, meetingId, "zh-CN"); // reads the fonts, warms the JIT
console.log(`meeting_pack_first_ms=${ms(performance.now() - first)}`);
console.log(`meeting_pack_bytes=${warm.content.length}`);
// How late the event loop runs while packs are generated: the drawing is on the pack worker thread.
const lag = monitorEventLoopDelay({ resolution: 1 });
lag.enable();
const generated: number[] = [];
const baseline: number[] = [];
const cached: number[] = [];
for (let i = 0; i < runs; i += 1) {
  clearPackCache();
  let started = performance.now();
  await meetingPackPdf(deps, chair.user, meetingId, "zh-CN");
  generated.push(performance.now() - started);
  started = performance.now();
  await meetingPackData(deps.db, chair.user, meetingId, deps.now());
  baseline.push(performance.now() - started);
  started = performance.now();
  const hit = await meetingPackPdf(deps, chair.user, meetingId, "zh-CN");
  cached.push(performance.now() - started);
  if (!hit.cached) throw new Error("the unchanged pack missed the cache");
}
lag.disable();
console.log(`meeting_pack_items=${items} comments_per_topic=${commentsPerTopic} runs=${runs}`);
console.log(`meeting_pack_ms=${ms(median(generated))}`);
console.log(`meeting_pack_max_ms=${ms(Math.max(...generated))}`);
console.log(`meeting_pack_data_baseline_ms=${ms(median(baseline))}`);
console.log(`meeting_pack_draw_ms=${ms(median(generated) - median(baseline))}`);
console.log(`meeting_pack_cached_ms=${ms(median(cached))}`);
console.log(`meeting_pack_loop_lag_max_ms=${ms(lag.max / 1e6)}`);
// The loop's lag with nothing to do for as long: on a shared machine the scheduler alone delays timers.
const idle = monitorEventLoopDelay({ resolution: 1 });
idle.enable();
await new Promise((resolve) => setTimeout(resolve, generated.reduce((a, b) => a + b, 0) * 2));
idle.disable();
console.log(`meeting_pack_idle_loop_lag_max_ms=${ms(idle.max / 1e6)}`);
await services.close();
// As the other benches end: a handle outlives the run (not yet found) and kept the script from exiting.
process.exit(0);
