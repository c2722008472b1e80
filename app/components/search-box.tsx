import { getTranslations } from "next-intl/server";
import { searchLimits } from "@/server/features/projects/rules/project-search";

/** The words the search form shows, from the catalogue's `search` namespace. */
export interface SearchWords {
  label: string;
  placeholder: string;
  submit: string;
}

/** A plain GET form to /search: works without JavaScript and puts the query in the URL. */
export async function SearchBox(props: { initial?: string; id: string; compact?: boolean }) {
  const t = await getTranslations("search");
  return <SearchForm {...props} words={{ label: t("label"), placeholder: t("placeholder"), submit: t("submit") }} />;
}

/** The form itself, for a caller that already has the words (the header renders it without an await). */
export function SearchForm({
  initial = "",
  id,
  compact = false,
  words,
}: {
  initial?: string;
  id: string;
  compact?: boolean;
  words: SearchWords;
}) {
  return (
    <form
      role="search"
      action="/search"
      method="get"
      aria-label={words.label}
      className="flex min-w-0 items-center gap-2"
    >
      <label htmlFor={id} className="sr-only">
        {words.label}
      </label>
      <input
        id={id}
        name="q"
        type="search"
        defaultValue={initial}
        maxLength={searchLimits.queryMax}
        placeholder={compact ? words.placeholder : words.label}
        className={`min-w-0 rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-200 ${compact ? "w-full sm:w-40" : "flex-1"}`}
      />
      <button
        type="submit"
        className="shrink-0 whitespace-nowrap rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-300"
      >
        {words.submit}
      </button>
    </form>
  );
}
