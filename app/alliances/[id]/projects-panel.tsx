"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { AllianceProjectView } from "@/server/features/alliances/events";
import { Button } from "../../components/ui/button";
import { Alert, Card } from "../../components/ui/card";
import { Field, SelectInput } from "../../components/ui/field";
import { describeError } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useRegions } from "../../lib/use-regions";

/** The projects that name the alliance as home; a member's proposer may add one of their own. */
export function ProjectsPanel({
  allianceId,
  projects,
  canHome,
}: {
  allianceId: number;
  projects: AllianceProjectView[];
  canHome: boolean;
}) {
  const t = useTranslations("alliances.detail");
  const tStatus = useTranslations("projects.statuses");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const regions = useRegions();
  const [projectId, setProjectId] = useState<number | null>(null);
  const homeable = useQuery({ ...trpc.alliances.homeableProjects.queryOptions(), enabled: canHome });
  const home = useMutation(
    trpc.alliances.homeProject.mutationOptions({
      onSuccess: () => {
        setProjectId(null);
        void homeable.refetch();
      },
    }),
  );
  return (
    <Card>
      <h2 className="font-semibold text-slate-900">{t("projects")}</h2>
      <p className="mb-3 text-sm text-slate-600">{t("projectsHint")}</p>
      {projects.length === 0 ? (
        <p className="text-sm text-slate-600">{t("noProjects")}</p>
      ) : (
        <ul className="space-y-2">
          {projects.map((p) => (
            <li key={p.id}>
              <Link className="font-medium text-brand-700 hover:underline" href={`/projects/${p.id}`}>
                {p.title}
              </Link>
              <span className="ml-2 text-sm text-slate-500">
                {tStatus(p.status)} · {p.regionIds.map(regions.name).join(" · ")}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canHome ? (
        <div className="mt-4 border-t border-slate-100 pt-3">
          <h3 className="mb-2 text-sm font-semibold text-slate-800">{t("homeProject")}</h3>
          {homeable.data && homeable.data.length === 0 ? (
            <p className="text-sm text-slate-600">{t("noHomeable")}</p>
          ) : (
            <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
              <div className="flex-1">
                <Field label={t("homeChoose")} htmlFor="home-project">
                  <SelectInput
                    id="home-project"
                    value={projectId ?? ""}
                    onChange={(e) => setProjectId(e.target.value ? Number(e.target.value) : null)}
                  >
                    <option value="">—</option>
                    {(homeable.data ?? []).map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.title}
                      </option>
                    ))}
                  </SelectInput>
                </Field>
              </div>
              <Button
                size="sm"
                busy={home.isPending}
                disabled={projectId === null}
                onClick={() => projectId !== null && home.mutate({ allianceId, projectId })}
              >
                {t("homeSubmit")}
              </Button>
            </div>
          )}
          {home.isError ? <Alert>{describeError(home.error, tErrors)}</Alert> : null}
        </div>
      ) : null}
    </Card>
  );
}
