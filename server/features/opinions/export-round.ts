import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { opinionMaps, opinionStatements, regions } from "@/db/schema";
import { toCsv } from "@/server/domain/csv";
import { loadVisibleRound, type Viewer } from "./round-access";
import { groupName } from "./rules/group-names";
import type { Tally } from "./rules/compute-map";
import { readStoredMap } from "./rules/map-codec";

const share = (t: Tally | undefined | null, key: "agree" | "disagree" | "pass") =>
  t && t.n > 0 ? Math.round((t[key] / t.n) * 1000) / 1000 : "";

/**
 * The round's statements with their rates per group and per region, and the participant-free summary
 * of the matrix (groups' sizes, the cross-tabulation, consensus and divisive lists). Built from the
 * stored map, which holds no figure under the minimum cell, so the export cannot hold one either; no
 * dots, no pseudonyms, no account.
 */
export async function exportRound(db: Db, viewer: Viewer, roundId: number, format: "csv" | "json") {
  const round = await loadVisibleRound(db, viewer, roundId);
  const [stored] = await db.select().from(opinionMaps).where(eq(opinionMaps.roundId, round.id));
  const map = stored ? readStoredMap(stored.map) : null;
  const texts = await db
    .select({ id: opinionStatements.id, text: opinionStatements.text })
    .from(opinionStatements)
    // A statement hidden since the map was computed leaves the export at once, text and figures.
    .where(and(eq(opinionStatements.roundId, round.id), eq(opinionStatements.state, "visible")))
    .orderBy(asc(opinionStatements.id));
  const regionRows = await db.select({ id: regions.id, code: regions.code }).from(regions).orderBy(asc(regions.id));
  const statements = (map?.statements ?? []).flatMap((s) => {
    const text = texts.find((t) => t.id === s.id)?.text;
    return text === undefined ? [] : [{ ...s, text }];
  });
  const filename = `opinion-round-${round.id}.${format}`;
  if (format === "json") {
    const summary = map && {
      voters: map.voters,
      placed: map.placed,
      votes: map.votes,
      minVotes: map.minVotes,
      groups: map.groups.map((g) => ({ name: groupName(g.label), size: g.size, representative: g.representative })),
      crossTab: map.crossTab,
      consensus: map.consensus,
      regionConsensus: map.regionConsensus,
      divisiveGroups: map.divisiveGroups,
      divisiveRegions: map.divisiveRegions,
    };
    const body = JSON.stringify(
      {
        round: { id: round.id, question: round.question, state: round.state },
        computedAt: stored?.computedAt ?? null,
        summary,
        statements,
      },
      null,
      2,
    );
    return { filename, mimeType: "application/json", body };
  }
  const groups = map?.groups.map((g) => g.label) ?? [];
  const regionIds = [...new Set(statements.flatMap((s) => s.regions.map((r) => r.regionId)))].sort((a, b) => a - b);
  const code = (id: number) => regionRows.find((r) => r.id === id)?.code ?? String(id);
  const header = [
    "statement_id",
    "text",
    "voters",
    "agree",
    "disagree",
    "pass",
    "group_informed_consensus",
    "region_fair_consensus",
    "min_region_agree",
    ...groups.flatMap((g) => [
      `group_${groupName(g)}_n`,
      `group_${groupName(g)}_agree`,
      `group_${groupName(g)}_disagree`,
    ]),
    ...regionIds.flatMap((r) => [`region_${code(r)}_n`, `region_${code(r)}_agree`, `region_${code(r)}_disagree`]),
  ];
  const rows = statements.map((s) => [
    s.id,
    s.text,
    s.total?.n ?? "",
    share(s.total, "agree"),
    share(s.total, "disagree"),
    share(s.total, "pass"),
    s.groupConsensus ?? "",
    s.regionConsensus ?? "",
    s.minRegionAgree ?? "",
    ...groups.flatMap((g) => {
      const t = s.groups.find((x) => x.group === g);
      return [t?.n ?? "", share(t, "agree"), share(t, "disagree")];
    }),
    ...regionIds.flatMap((r) => {
      const t = s.regions.find((x) => x.regionId === r);
      return [t?.n ?? "", share(t, "agree"), share(t, "disagree")];
    }),
  ]);
  return { filename, mimeType: "text/csv", body: toCsv([header, ...rows]) };
}
