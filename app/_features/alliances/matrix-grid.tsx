"use client";
import { useTranslations } from "next-intl";
import type { Matrix, MatrixCell } from "@/server/features/alliances/rules/matrix";
import { useRegions } from "../../lib/use-regions";

/** Shade on one scale for the whole grid: the fullest cell is darkest (the brand blue, 15–75 % opaque). */
function shade(cell: MatrixCell, max: number): { backgroundColor?: string; color?: string } {
  if (cell.organisationIds.length === 0 || max === 0) return {};
  const alpha = 0.15 + 0.6 * (cell.organisationIds.length / max);
  return { backgroundColor: `rgba(59, 111, 224, ${alpha.toFixed(2)})`, color: alpha > 0.5 ? "white" : undefined };
}

/**
 * The division-of-labour matrix as a heat-map grid (chain stage × city) with empty cells dashed and
 * crowded ones outlined in red, and the same figures as a table for screen readers.
 */
export function MatrixGrid({ matrix, organisationName }: { matrix: Matrix; organisationName: (id: number) => string }) {
  const t = useTranslations("alliances");
  const regions = useRegions();
  if (matrix.regionIds.length === 0) return <p className="text-sm text-slate-600">{t("matrix.noCities")}</p>;
  const columns = {
    gridTemplateColumns: `minmax(8rem, 10rem) repeat(${matrix.regionIds.length}, minmax(5.5rem, 1fr))`,
  };
  return (
    // `relative overflow-hidden` contains the screen-reader table, which will not shrink to sr-only's 1px.
    <div className="relative space-y-3 overflow-hidden" data-testid="matrix">
      <p className="text-sm text-slate-700">
        {t("matrix.summary", { empty: matrix.emptyCells, crowded: matrix.crowdedCells })}
      </p>
      <div className="overflow-x-auto" aria-hidden="true">
        <div className="grid min-w-max gap-1 text-xs" style={columns}>
          <div className="p-1 font-medium text-slate-500">{t("matrix.stage")}</div>
          {matrix.regionIds.map((id) => (
            <div key={id} className="p-1 text-center font-medium text-slate-700">
              {regions.name(id)}
            </div>
          ))}
          {matrix.rows.map((row) => (
            <div key={row.chainRole} className="contents">
              <div className="flex flex-col justify-center p-1">
                <span className="font-medium text-slate-800">{t(`chain.${row.chainRole}`)}</span>
                {row.gap ? <span className="text-amber-700">{t("matrix.gap")}</span> : null}
                {row.spread ? (
                  <span className="text-red-700">{t("matrix.spread", { count: row.cityCount })}</span>
                ) : null}
              </div>
              {row.cells.map((cell) => (
                <div
                  key={cell.regionId}
                  data-cell={`${row.chainRole}:${cell.regionId}`}
                  data-state={cell.state}
                  title={cell.organisationIds.map(organisationName).join("\n")}
                  style={shade(cell, matrix.maxOrganisations)}
                  className={`min-h-12 rounded p-1 text-center ${
                    cell.state === "empty"
                      ? "border border-dashed border-slate-300 text-slate-400"
                      : cell.state === "crowded"
                        ? "border-2 border-red-600"
                        : "border border-brand-200"
                  }`}
                >
                  <div className="font-semibold">{cell.organisationIds.length || "·"}</div>
                  {cell.projectIds.length ? (
                    <div className="text-[11px]">{t("matrix.projects", { count: cell.projectIds.length })}</div>
                  ) : null}
                  {cell.state === "crowded" ? (
                    <div className="rounded bg-white px-1 text-[11px] font-medium text-red-700">
                      {t("matrix.crowded")}
                    </div>
                  ) : null}
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
      <p className="text-xs text-slate-500">{t("matrix.legend")}</p>
      <table className="sr-only">
        <caption>{t("matrix.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("matrix.stage")}</th>
            {matrix.regionIds.map((id) => (
              <th key={id} scope="col">
                {regions.name(id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.chainRole}>
              <th scope="row">
                {t(`chain.${row.chainRole}`)}
                {row.gap ? `（${t("matrix.gap")}）` : ""}
                {row.spread ? `（${t("matrix.spread", { count: row.cityCount })}）` : ""}
              </th>
              {row.cells.map((cell) => (
                <td key={cell.regionId}>
                  {t(`matrix.${cell.state}`)}: {t("matrix.organisations", { count: cell.organisationIds.length })}
                  {cell.organisationIds.length ? ` (${cell.organisationIds.map(organisationName).join(", ")})` : ""}
                  {cell.projectIds.length ? `, ${t("matrix.projects", { count: cell.projectIds.length })}` : ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
