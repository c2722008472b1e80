import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { Card, EmptyState, PageHeader } from "../components/ui/card";
import { serverCaller } from "../lib/server";
import { apiLimits, datasetNames } from "@/server/features/open-data/contract";
import { dumpsKept } from "@/server/features/open-data/rules/dump-rules";
import { apiBasePath, openApiDocument } from "@/server/features/open-data/rules/openapi";
import { EndpointCard } from "./endpoint-card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("openData");
  return { title: t("title") };
}

/** The open-data page: the API's reference, rendered from the same OpenAPI document it serves, and the dumps. */
export default async function OpenDataPage() {
  const [t, format, dumps] = await Promise.all([
    getTranslations("openData"),
    getFormatter(),
    serverCaller().then((caller) => caller.openData.dumps()),
  ]);
  const document = openApiDocument("");
  const operations = Object.entries(document.paths).map(([path, item]) => ({
    path,
    operation: (item as { get: Parameters<typeof EndpointCard>[0]["operation"] }).get,
  }));
  const megabytes = (bytes: number) =>
    format.number(bytes / 1_048_576, { maximumFractionDigits: bytes < 1_048_576 ? 2 : 1 }) + " MB";

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} description={t("description")} />
      <nav aria-label={t("sections")} className="-mt-4 flex flex-wrap gap-4 text-sm">
        <a href="#downloads" className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {t("dumps.heading")}
        </a>
        <a href="#api" className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {t("api.heading")}
        </a>
      </nav>

      <section aria-labelledby="downloads" className="space-y-3">
        <h2 id="downloads" className="text-lg font-semibold">
          {t("dumps.heading")}
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">{t("dumps.intro", { kept: dumpsKept })}</p>
        {dumps.length === 0 ? (
          <EmptyState title={t("dumps.empty")}>{t("dumps.emptyHint")}</EmptyState>
        ) : (
          <Card className="relative overflow-x-auto p-0">
            <table className="w-full text-left text-sm" data-testid="dump-list">
              <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2">
                    {t("dumps.written")}
                  </th>
                  <th scope="col" className="px-4 py-2">
                    {t("dumps.size")}
                  </th>
                  <th scope="col" className="px-4 py-2">
                    {t("dumps.rows")}
                  </th>
                  <th scope="col" className="px-4 py-2">
                    <span className="sr-only">{t("dumps.download")}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {dumps.map((dump) => {
                  const date = format.dateTime(new Date(dump.finishedAt), { dateStyle: "medium", timeStyle: "short" });
                  return (
                    <tr key={dump.id}>
                      <td className="px-4 py-2 sm:whitespace-nowrap">{date}</td>
                      <td className="whitespace-nowrap px-4 py-2">{megabytes(dump.sizeBytes)}</td>
                      <td className="min-w-32 px-4 py-2 text-slate-600">
                        {datasetNames
                          .filter((name) => dump.counts[name] !== undefined)
                          .map((name) => `${t(`datasets.${name}`)} ${format.number(dump.counts[name]!)}`)
                          .join(" · ")}
                      </td>
                      <td className="px-4 py-2">
                        <a
                          href={dump.url}
                          download
                          className="font-medium text-brand-700 underline-offset-2 hover:underline"
                          aria-label={t("dumps.downloadLabel", { date, size: megabytes(dump.sizeBytes) })}
                        >
                          {t("dumps.download")}
                        </a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </Card>
        )}
      </section>

      <section aria-labelledby="api" className="space-y-4">
        <h2 id="api" className="text-lg font-semibold">
          {t("api.heading")}
        </h2>
        <Card className="space-y-3 text-sm text-slate-700">
          <p>{t("api.intro")}</p>
          <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
            <dt className="font-medium">{t("api.base")}</dt>
            <dd>
              <code className="break-all">{apiBasePath}</code>
            </dd>
            <dt className="font-medium">{t("api.document")}</dt>
            <dd>
              <a
                href={`${apiBasePath}/openapi.json`}
                className="break-all font-mono text-brand-700 underline-offset-2 hover:underline"
              >
                {apiBasePath}/openapi.json
              </a>
            </dd>
          </dl>
          <p>{t("api.limits", { anonymous: apiLimits.anonymousPerMinute })}</p>
          <p>{t("api.paging", { max: apiLimits.pageMax, default: apiLimits.pageDefault })}</p>
          <p>{t("api.etag")}</p>
          <p>{t("api.language")}</p>
        </Card>
        <h3 className="font-semibold">{t("api.endpoints")}</h3>
        <div className="space-y-4" data-testid="api-reference">
          {operations.map(({ path, operation }) => (
            <EndpointCard key={path} path={path} operation={operation} />
          ))}
        </div>
      </section>
    </div>
  );
}
