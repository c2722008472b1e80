"use client";
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Alert, Card, Skeleton } from "../../components/ui/card";
import { SelectInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import type { RouterOutputs } from "../../lib/router-types";
import { useTRPC } from "../../lib/trpc";
import { useListJoin, useRegionName, useYuan } from "./locale-format";

type Diff = RouterOutputs["projects"]["diff"];
type Change = Diff["changes"][number];

export function ProjectVersions({ projectId, version }: { projectId: number; version: number }) {
  const t = useTranslations("projects.versions");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const versions = useQuery(trpc.projects.versions.queryOptions({ projectId }));
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const fromVersion = from ?? Math.max(version - 1, 1);
  const toVersion = to ?? version;
  const comparable = fromVersion !== toVersion;
  const diff = useQuery({
    ...trpc.projects.diff.queryOptions({ projectId, from: fromVersion, to: toVersion }),
    enabled: comparable && version > 1,
  });
  const list = versions.data ?? [];

  return (
    <Card>
      <h2 className="text-lg font-semibold">{t("heading")}</h2>
      {versions.isPending ? (
        <Skeleton lines={2} />
      ) : versions.error ? (
        <Alert>{describeError(versions.error, tErrors)}</Alert>
      ) : (
        <>
          <ol className="mt-3 space-y-1 text-sm text-slate-700" data-testid="versions">
            {list.map((v) => (
              <li key={v.version}>
                {t("entry", {
                  version: v.version,
                  name: v.editedBy?.displayName ?? "—",
                  time: format.dateTime(v.writtenAt, { dateStyle: "medium", timeStyle: "short" }),
                })}
                {v.current ? <span className="ml-2 text-xs text-brand-700">({t("current")})</span> : null}
              </li>
            ))}
          </ol>
          {list.length < 2 ? (
            <p className="mt-2 text-xs text-slate-500">{t("only")}</p>
          ) : (
            <div className="mt-4 space-y-3">
              <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
                <VersionPicker
                  label={t("from")}
                  value={fromVersion}
                  versions={list.map((v) => v.version)}
                  onChange={setFrom}
                />
                <VersionPicker
                  label={t("to")}
                  value={toVersion}
                  versions={list.map((v) => v.version)}
                  onChange={setTo}
                />
              </div>
              {!comparable ? (
                <p className="text-xs text-slate-500">{t("pickTwo")}</p>
              ) : diff.isPending ? (
                <Skeleton lines={3} />
              ) : diff.error ? (
                <Alert>{describeError(diff.error, tErrors)}</Alert>
              ) : diff.data.changes.length === 0 ? (
                <p className="text-sm text-slate-500">{t("noChanges")}</p>
              ) : (
                <DiffTable diff={diff.data} />
              )}
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function DiffTable({ diff }: { diff: Diff }) {
  const t = useTranslations("projects");
  const locale = useLocale();
  const yuan = useYuan();
  const regionName = useRegionName();
  const join = useListJoin();
  const regionById = new Map(diff.regions.map((r) => [r.id, r]));
  const regionLabel = (id: number) => {
    const region = regionById.get(id);
    return region ? regionName(region) : String(id);
  };
  const show = (change: Change, side: "before" | "after"): string => {
    switch (change.field) {
      case "budgetYuan":
        return yuan(change[side]);
      case "durationMonths":
        return t("months", { count: change[side] });
      case "leadRegionId":
        return regionLabel(change[side]);
      case "partnerRegionIds":
        return join(change[side].map(regionLabel));
      case "recommendations":
        return join(change[side].map((n) => t("recommendationNumber", { number: n })));
      case "tags":
        return join(change[side]);
      default:
        return change[side];
    }
  };
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm" lang={locale}>
        <thead className="text-xs text-slate-500">
          <tr>
            <th scope="col" className="w-32 py-1 pr-3 font-medium">
              {t("versions.field")}
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              {t("versions.before")}
            </th>
            <th scope="col" className="py-1 font-medium">
              {t("versions.after")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {diff.changes.map((change) => (
            <tr key={change.field}>
              <th scope="row" className="py-2 pr-3 font-medium text-slate-700">
                {t(`fields.${change.field}`)}
              </th>
              {change.lines ? (
                <td colSpan={2} className="py-2">
                  <pre className="whitespace-pre-wrap break-words font-sans text-sm">
                    {change.lines.map((line, index) => (
                      <span
                        key={index}
                        className={`block px-1 ${line.op === "added" ? "bg-emerald-50 text-emerald-800" : line.op === "removed" ? "bg-red-50 text-red-800 line-through" : "text-slate-600"}`}
                      >
                        {line.op === "added" ? "+ " : line.op === "removed" ? "− " : "  "}
                        {line.text}
                      </span>
                    ))}
                  </pre>
                </td>
              ) : (
                <>
                  <td className="bg-red-50/50 py-2 pr-3 text-red-800">{show(change, "before")}</td>
                  <td className="bg-emerald-50/50 py-2 text-emerald-800">{show(change, "after")}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VersionPicker({
  label,
  value,
  versions,
  onChange,
}: {
  label: string;
  value: number;
  versions: number[];
  onChange: (version: number) => void;
}) {
  return (
    <label className="flex items-center gap-2">
      {label}
      <span className="w-28">
        <SelectInput value={value} onChange={(e) => onChange(Number(e.target.value))}>
          {versions.map((version) => (
            <option key={version} value={version}>
              {version}
            </option>
          ))}
        </SelectInput>
      </span>
    </label>
  );
}
