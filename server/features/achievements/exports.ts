import type { z } from "zod";
import { toCsv } from "@/server/domain/csv";
import type { ServiceDeps } from "@/server/infra/deps";
import type { exportDealsInput, exportRegistryInput } from "./contract";
import { listAchievements } from "./read-achievements";
import { publicDeals, type PublicDeal } from "./transfers";
import type { Viewer } from "./visibility";

type Deps = Pick<ServiceDeps, "db">;

/** An export stops here: the showcase's filters narrow a larger registry, and a page of 100 is read at a time. */
export const exportRowsMax = 5_000;
const pageSize = 100;

/** Owners in one cell: "organisation (region code)", separated by semicolons. */
const ownersCell = (owners: readonly { organisation: string; region: string }[]) =>
  owners.map((o) => `${o.organisation} (${o.region})`).join("; ");

/**
 * The published registry as the showcase lists it with the same filters, read through the showcase's
 * own use-case (so a filter or visibility change reaches the export too). Drafts never: `mine` is off.
 * Owners appear as organisations and regions, as on the pages; no account or contact detail exists here.
 */
export async function exportRegistry(deps: Deps, viewer: Viewer, input: z.output<typeof exportRegistryInput>) {
  const { format, ...filters } = input;
  const items = [];
  for (let offset = 0; offset < exportRowsMax; offset += pageSize) {
    const page = await listAchievements(deps, viewer, { ...filters, mine: false, offset, limit: pageSize });
    items.push(...page.items);
    if (page.items.length < pageSize) break;
  }
  const rows = items.slice(0, exportRowsMax).map((a) => ({
    id: a.id,
    kind: a.kind,
    titleZh: a.titleZh,
    titleEn: a.titleEn,
    summaryZh: a.summaryZh,
    summaryEn: a.summaryEn,
    trl: a.trl,
    ipStatus: a.ipStatus,
    transferModes: a.transferModes,
    priceYuan: a.priceYuan,
    sectors: a.sectors,
    owners: a.owners.map((o) => ({ organisation: o.organisation, region: o.region.code })),
    originProjectId: a.originProjectId,
    createdAt: a.createdAt,
  }));
  if (format === "json")
    return { filename: "achievements-registry.json", text: JSON.stringify({ achievements: rows }, null, 2) };
  const header = ["id", "kind", "title_zh", "title_en", "summary_zh", "summary_en", "trl", "ip_status"];
  return {
    filename: "achievements-registry.csv",
    text: toCsv([
      [...header, "transfer_modes", "price_yuan", "sectors", "owners", "origin_project_id", "created_at"],
      ...rows.map((r) => [
        r.id,
        r.kind,
        r.titleZh,
        r.titleEn,
        r.summaryZh,
        r.summaryEn,
        r.trl,
        r.ipStatus,
        r.transferModes.join("; "),
        r.priceYuan,
        r.sectors.join("; "),
        ownersCell(r.owners),
        r.originProjectId,
        r.createdAt,
      ]),
    ]),
  };
}

/** One public deal as every export and feed writes it: no buyer account, the value only when both published. */
export function dealRecord(deal: PublicDeal) {
  return {
    id: deal.id,
    achievementId: deal.achievementId,
    titleZh: deal.titleZh,
    titleEn: deal.titleEn,
    mode: deal.mode,
    owners: deal.owners.map((o) => ({ organisation: o.organisation, region: o.region.code })),
    buyerOrganisation: deal.buyerOrganisation,
    buyerRegion: deal.buyerRegion.code,
    signedOn: deal.signedOn,
    valueYuan: deal.valueYuan,
  };
}

/** The published deals (those on public achievements), oldest first, the same for every reader. */
export async function listPublicDeals(deps: Deps) {
  return (await publicDeals(deps)).map(dealRecord);
}

export async function exportDeals(deps: Deps, input: z.output<typeof exportDealsInput>) {
  const deals = await listPublicDeals(deps);
  if (input.format === "json") return { filename: "achievements-deals.json", text: JSON.stringify({ deals }, null, 2) };
  return {
    filename: "achievements-deals.csv",
    text: toCsv([
      [
        "id",
        "achievement_id",
        "title_zh",
        "title_en",
        "mode",
        "owners",
        "buyer_organisation",
        "buyer_region",
        "signed_on",
        "value_yuan",
      ],
      ...deals.map((d) => [
        d.id,
        d.achievementId,
        d.titleZh,
        d.titleEn,
        d.mode,
        ownersCell(d.owners),
        d.buyerOrganisation,
        d.buyerRegion,
        d.signedOn,
        d.valueYuan,
      ]),
    ]),
  };
}
