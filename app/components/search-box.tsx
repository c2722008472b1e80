import { getTranslations } from "next-intl/server";
import { searchLimits } from "@/server/features/projects/rules/project-search";

/** A plain GET form to /search: works without JavaScript and puts the query in the URL. */
export async function SearchBox({
  initial = "",
  id,
  compact = false,
}: {
  initial?: string;
  id: string;
  compact?: boolean;
}) {
  const t = await getTranslations("search");
  return (
    <form
      role="search"
      action="/search"
      method="get"
      aria-label={t("label")}
      className="flex min-w-0 items-center gap-2"
    >
      <label htmlFor={id} className="sr-only">
        {t("label")}
      </label>
      <input
        id={id}
        name="q"
        type="search"
        defaultValue={initial}
        maxLength={searchLimits.queryMax}
        placeholder={compact ? t("placeholder") : t("label")}
        className={`min-w-0 rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-200 ${compact ? "w-full sm:w-40" : "flex-1"}`}
      />
      <button
        type="submit"
        className="shrink-0 whitespace-nowrap rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-300"
      >
        {t("submit")}
      </button>
    </form>
  );
}
