import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organisations, regions } from "@/db/schema";
import { toCsv } from "@/server/domain/csv";
import { allianceMatrix, clusterMatrix, loadAlliance } from "./read-alliances";
import type { Matrix } from "./rules/matrix";

/** One row per cell: stage × city, its state, and who fills it; both languages' names, codes for machines. */
async function matrixCsv(db: Db, matrix: Matrix): Promise<string> {
  const orgIds = [...new Set(matrix.rows.flatMap((r) => r.cells.flatMap((c) => c.organisationIds)))];
  const orgs = orgIds.length
    ? await db
        .select({ id: organisations.id, nameZh: organisations.nameZh, nameEn: organisations.nameEn })
        .from(organisations)
        .where(inArray(organisations.id, orgIds))
    : [];
  const cityRows = matrix.regionIds.length
    ? await db
        .select({ id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn })
        .from(regions)
        .where(inArray(regions.id, matrix.regionIds))
    : [];
  const header = [
    "chain_role",
    "region_code",
    "region_zh",
    "region_en",
    "state",
    "stage_cities",
    "organisations",
    "projects",
    "organisation_names_zh",
    "organisation_names_en",
  ];
  const body = matrix.rows.flatMap((row) =>
    row.cells.map((cell) => {
      const city = cityRows.find((c) => c.id === cell.regionId);
      const named = cell.organisationIds.map((id) => orgs.find((o) => o.id === id)!);
      return [
        row.chainRole,
        city?.code ?? "",
        city?.nameZh ?? "",
        city?.nameEn ?? "",
        cell.state,
        row.cityCount,
        cell.organisationIds.length,
        cell.projectIds.length,
        named.map((o) => o.nameZh).join("; "),
        named.map((o) => o.nameEn).join("; "),
      ];
    }),
  );
  return toCsv([header, ...body]);
}

/** The matrix of an alliance or a cluster as CSV. Public, like the matrix itself. */
export async function exportMatrix(db: Db, input: { allianceId: number } | { clusterCode: string }) {
  if ("allianceId" in input) {
    const alliance = await loadAlliance(db, input.allianceId);
    return {
      filename: `alliance-${alliance.id}-matrix.csv`,
      mimeType: "text/csv",
      body: await matrixCsv(db, await allianceMatrix(db, alliance.id)),
    };
  }
  const { cluster, matrix } = await clusterMatrix(db, input.clusterCode);
  return { filename: `cluster-${cluster.code}-matrix.csv`, mimeType: "text/csv", body: await matrixCsv(db, matrix) };
}
