"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import type { Matrix } from "@/server/features/alliances/rules/matrix";
import { MatrixGrid } from "@/app/_features/alliances/matrix-grid";
import { downloadText } from "@/app/_features/fund/money";
import { Button } from "../../../components/ui/button";
import { Card } from "../../../components/ui/card";
import { pick } from "../../../lib/localized";
import { useTRPC } from "../../../lib/trpc";

export function ClusterMatrix({
  clusterCode,
  matrix,
  organisations,
}: {
  clusterCode: string;
  matrix: Matrix;
  organisations: { id: number; nameZh: string; nameEn: string }[];
}) {
  const t = useTranslations("alliances");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const name = (id: number) => {
    const o = organisations.find((x) => x.id === id);
    return o ? pick(locale, o, "name") : "…";
  };
  const exportCsv = async () => {
    const file = await queryClient.fetchQuery(trpc.alliances.export.queryOptions({ clusterCode }));
    downloadText(file.body, file.filename, `${file.mimeType};charset=utf-8`);
  };
  return (
    <Card>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold text-slate-900">{t("detail.matrix")}</h2>
        <Button variant="secondary" size="sm" onClick={() => void exportCsv()}>
          {t("detail.export")}
        </Button>
      </div>
      <MatrixGrid matrix={matrix} organisationName={name} />
    </Card>
  );
}
