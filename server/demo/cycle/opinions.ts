import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import {
  accountOrganisationKinds,
  accounts,
  forums,
  opinionParticipants,
  opinionStatements,
  opinionVotes,
  regions,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { recomputeMap } from "@/server/features/opinions";
import { computeOpinionMap } from "@/server/features/opinions/rules/compute-map";
import { packMapResult } from "@/server/features/opinions/rules/map-codec";
import { seededRandom } from "@/server/features/opinions/rules/kmeans";
import type { ServiceDeps } from "@/server/infra/deps";
import { createTopic } from "@/server/features/deliberation/topics";
import { createRound } from "@/server/features/opinions/rounds";
import { addStatement } from "@/server/features/opinions/statements";
import type { OrganisationKind } from "@/shared/opinion-vocabulary";
import type { Role } from "@/shared/vocabulary";

/**
 * The statements of the demo round, each with how the three planted blocs lean (probability of
 * agreeing): a pooled-fund bloc, a return-to-contributors bloc and an enterprise-led bloc. Two
 * statements nearly everyone shares, so the consensus lists have something to say.
 */
const statements: { text: string; lean: [number, number, number] }[] = [
  {
    text: "联合基金应由中央和地方共同出资，按项目质量统一评审分配。/ Pool central and local money and award it on merit alone.",
    lean: [0.95, 0.15, 0.5],
  },
  {
    text: "各地区从基金获得的支持应与其出资比例大致相当。/ Each region should get back roughly what it puts in.",
    lean: [0.1, 0.95, 0.35],
  },
  {
    text: "获资助项目须由企业牵头或至少有一家企业配套出资。/ Funded projects need an enterprise lead or co-funding.",
    lean: [0.3, 0.35, 0.95],
  },
  {
    text: "所有资助项目的经费、进展和成果应向各地区公开。/ Publish every funded project's money, progress and results to all regions.",
    lean: [0.9, 0.9, 0.85],
  },
  {
    text: "评审专家组应包含每个城市群的专家。/ The review panel should include experts from every city cluster.",
    lean: [0.85, 0.95, 0.8],
  },
  {
    text: "基金应优先支持集成电路、生物医药等关键领域。/ Put integrated circuits and biomedicine first.",
    lean: [0.8, 0.3, 0.75],
  },
  { text: "小城市应有最低资助份额保障。/ Guarantee smaller cities a minimum share.", lean: [0.25, 0.9, 0.2] },
  {
    text: "成果转化收益应按出资比例在地区间分配。/ Split commercialisation income by each region's contribution.",
    lean: [0.2, 0.9, 0.45],
  },
  {
    text: "引导银行和社会资本跟投联合基金项目。/ Bring banks and private capital in alongside the fund.",
    lean: [0.55, 0.3, 0.95],
  },
  { text: "基金管理机构应设在一个固定城市。/ Run the fund from one fixed city.", lean: [0.75, 0.1, 0.5] },
  {
    text: "企业获得的知识产权应允许在各地区自由许可。/ Enterprise-held IP should be licensable freely across regions.",
    lean: [0.6, 0.55, 0.2],
  },
  {
    text: "每年评估一次基金对各地区经济的带动效果。/ Assess the fund's effect on each region's economy every year.",
    lean: [0.7, 0.85, 0.6],
  },
];

const regionCodes = [
  "shanghai",
  "hangzhou",
  "suzhou",
  "shenzhen",
  "dongguan",
  "beijing",
  "tianjin",
  "hebei",
  "qingdao",
  "yantai",
];
/**
 * Researchers only: coordination-body members would join every region's electorate, and the demo's
 * ballots (and the tests that vote in them) count a region's members.
 */
const demoRoles: readonly Role[] = ["researcher"];
const kinds: OrganisationKind[] = ["government", "university", "institute", "enterprise"];

/**
 * One opinion round (its id returned, for a meeting's agenda to link) with 60 seeded people over every region, enough votes to show three groups, and
 * its map computed. The people cannot sign in (their password hash matches nothing); the demo's own
 * accounts have not voted, so whoever signs in votes through the statements themselves.
 */
export async function seedDemoOpinions(
  deps: ServiceDeps,
  asUser: (email: string) => SessionUser,
): Promise<number | null> {
  const { db } = deps;
  const [forum] = await db.select().from(forums).where(eq(forums.slug, "innovation-investment"));
  if (!forum) return null;
  const host = asUser("member@demo.xietong.cn");
  const topic = await createTopic(deps, host, {
    forumId: forum.id,
    title: "跨区域协同创新联合基金：投向哪里、怎么分配？",
    body: "论文 4.2 节建议由中央和地方共同出资设立跨区域协同创新专项基金。请在下方意见征集中逐条表态，看看各地区、各类机构在哪些方面已有共识、在哪些方面仍有分歧。",
  });
  const round = await createRound(deps, host, {
    topicId: topic.id,
    question: "联合基金应该怎样出资、评审和分配？ / How should the joint fund be financed, reviewed and shared?",
    holdNewStatements: false,
    minVotes: 7,
  });
  const ids: number[] = [];
  for (const s of statements) ids.push((await addStatement(deps, host, { roundId: round.id, text: s.text })).id);

  const regionRows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  const random = seededRandom(2026);
  const people = await db
    .insert(accounts)
    .values(
      Array.from({ length: 60 }, (_, i) => {
        const code = regionCodes[i % regionCodes.length]!;
        return {
          email: `opinion.${String(i + 1).padStart(2, "0")}@demo.xietong.cn`,
          displayName: `参与者 Participant ${i + 1}`,
          organisation: "—",
          role: demoRoles[i % demoRoles.length]!,
          regionId: regionRows.find((r) => r.code === code)?.id ?? regionRows[0]!.id,
          passwordHash: `!demo-participant-${randomBytes(8).toString("hex")}`,
        };
      }),
    )
    .returning({ id: accounts.id, regionId: accounts.regionId });
  const votes: (typeof opinionVotes.$inferInsert)[] = [];
  const counts = new Map<number, number>();
  await db
    .insert(accountOrganisationKinds)
    .values(people.map((p, i) => ({ accountId: p.id, kind: kinds[(i * 7) % 4]! })));
  await db.insert(opinionParticipants).values(
    people.map((p, i) => {
      // Blocs lean on the kind of organisation (enterprises to the enterprise-led bloc) but not wholly.
      const kind = kinds[(i * 7) % 4]!;
      const bloc =
        kind === "enterprise"
          ? random() < 0.8
            ? 2
            : 1
          : kind === "government"
            ? random() < 0.7
              ? 0
              : 1
            : random() < 0.5
              ? 0
              : 1;
      statements.forEach((s, j) => {
        if (random() < 0.15) return; // not everyone sees every statement
        const r = random();
        const choice = r < s.lean[bloc] * 0.92 ? "agree" : r > 0.94 ? "pass" : "disagree";
        votes.push({ statementId: ids[j]!, voterId: p.id, roundId: round.id, choice });
        counts.set(ids[j]!, (counts.get(ids[j]!) ?? 0) + 1);
      });
      return {
        roundId: round.id,
        accountId: p.id,
        regionId: p.regionId,
        organisationKind: kind,
        pseudonym: randomBytes(6).toString("hex"),
      };
    }),
  );
  await db.insert(opinionVotes).values(votes);
  for (const [statementId, n] of counts)
    await db
      .update(opinionStatements)
      .set({ voteCount: sql`${n}` })
      .where(eq(opinionStatements.id, statementId));
  // Computed here, on this thread: the demo starts before anyone watches.
  await recomputeMap(deps, round.id, (input) => Promise.resolve(packMapResult(computeOpinionMap(input))));
  return round.id;
}
