import { getTranslations } from "next-intl/server";
import { Badge, Card } from "../components/ui/card";
import { apiBasePath, type ApiParameter } from "@/server/features/open-data/rules/openapi";

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[] };

export interface Operation {
  operationId: string;
  parameters: ApiParameter[];
  responses: { 200: { content: { "application/json": { schema: Schema } } } };
}

const typeOf = (schema: Schema): string =>
  schema.enum ? schema.enum.join(" | ") : Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "");

/** The fields of one answer's items (a page's items, or the object itself). */
function itemFields(schema: Schema): [string, string][] {
  const item = schema.properties?.items?.items ?? schema;
  return Object.entries(item.properties ?? {}).map(([name, field]) => [
    name,
    typeOf(field) || (field.properties ? "object" : ""),
  ]);
}

function example(path: string, parameters: ApiParameter[]): string {
  const filled = path.replace(/\{(\w+)\}/g, "1");
  const limit = parameters.some((p) => p.name === "limit") ? "?limit=2" : "";
  return `curl -H "Accept-Language: en" "${apiBasePath}${filled}${limit}"`;
}

/** One endpoint of the reference: method and path, what it gives, its parameters, an example and the item fields. */
export async function EndpointCard({ path, operation }: { path: string; operation: Operation }) {
  const t = await getTranslations("openData.api");
  const fields = itemFields(operation.responses[200].content["application/json"].schema);
  const headingId = `op-${operation.operationId}`;
  return (
    <Card className="space-y-3">
      <h4 id={headingId} className="flex flex-wrap items-center gap-2 font-mono text-sm font-semibold">
        <Badge tone="green">GET</Badge>
        <span className="break-all">
          {apiBasePath}
          {path}
        </span>
      </h4>
      <p className="text-sm text-slate-700">{t(`operations.${operation.operationId}` as never)}</p>
      {operation.parameters.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noParameters")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-labelledby={headingId}>
            <caption className="mb-1 text-left text-xs font-semibold uppercase text-slate-500">
              {t("parameters")}
            </caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-4">
                  {t("name")}
                </th>
                <th scope="col" className="py-1 pr-4">
                  {t("in")}
                </th>
                <th scope="col" className="py-1 pr-4">
                  {t("type")}
                </th>
                <th scope="col" className="py-1">
                  {t("required")}
                </th>
              </tr>
            </thead>
            <tbody>
              {operation.parameters.map((p) => (
                <tr key={`${p.in}-${p.name}`} className="border-t border-slate-100">
                  <td className="py-1 pr-4 font-mono">{p.name}</td>
                  <td className="py-1 pr-4">{p.in === "path" ? t("inPath") : t("inQuery")}</td>
                  <td className="break-all py-1 pr-4 font-mono text-xs">{typeOf(p.schema as Schema)}</td>
                  <td className="py-1">{p.required ? t("required") : t("optional")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div>
        <p className="text-xs font-semibold uppercase text-slate-500">{t("example")}</p>
        <pre className="mt-1 overflow-x-auto rounded bg-slate-900 px-3 py-2 text-xs text-slate-100">
          <code>{example(path, operation.parameters)}</code>
        </pre>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">{t("fields")}</summary>
        <ul className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2">
          {fields.map(([name, type]) => (
            <li key={name} className="font-mono text-xs">
              {name} <span className="text-slate-500">{type}</span>
            </li>
          ))}
        </ul>
      </details>
    </Card>
  );
}
