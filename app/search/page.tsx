import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getFormatter } from "@/app/lib/server-formatter";
import { searchKinds, type SearchKind } from "@/server/features/search/contract";
import { searchLimits } from "@/server/features/projects/rules/project-search";
import { Card, EmptyState, PageHeader } from "../components/ui/card";
import { SearchBox } from "../components/search-box";
import { serverCaller } from "../lib/server";

type Params = Promise<{ q?: string; kind?: string; cursor?: string }>;

/** The query, the kind and the page live in the URL, so Back and shared links show the same results. */
async function readParams(searchParams: Params) {
  const { q, kind, cursor } = await searchParams;
  return {
    q: (typeof q === "string" ? q : "").slice(0, searchLimits.queryMax),
    kind: searchKinds.includes(kind as SearchKind) ? (kind as SearchKind) : null,
    cursor: typeof cursor === "string" ? cursor : null,
  };
}

function href(q: string, kind: SearchKind | null, cursor: string | null = null): string {
  const params = new URLSearchParams({ q });
  if (kind) params.set("kind", kind);
  if (cursor) params.set("cursor", cursor);
  return `/search?${params.toString()}`;
}

export async function generateMetadata({ searchParams }: { searchParams: Params }): Promise<Metadata> {
  const [{ q }, t] = await Promise.all([readParams(searchParams), getTranslations("search")]);
  return { title: q.trim() ? t("resultsTitle", { q: q.trim() }) : t("title") };
}

export default async function SearchPage({ searchParams }: { searchParams: Params }) {
  const [{ q, kind, cursor }, t, tp, format, caller] = await Promise.all([
    readParams(searchParams),
    getTranslations("search"),
    getTranslations("projects"),
    getFormatter(),
    serverCaller(),
  ]);
  // A cursor from another query or an edited link is not an error worth a page of its own: start over.
  const results = await caller.search
    .site({ q, kind, cursor })
    .catch(() => caller.search.site({ q, kind, cursor: null }));
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium" });
  const sections = searchKinds.filter((k) => results[k] !== null);
  const nothing = sections.every((k) => results[k]!.items.length === 0);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={t("title")} description={t("prompt")} />
      <SearchBox initial={q} id="search-page-q" />
      {q.trim() ? (
        <nav aria-label={t("title")} className="flex gap-1 border-b border-slate-200 text-sm">
          {[null, ...searchKinds].map((k) => (
            <Link
              key={k ?? "all"}
              href={href(q, k)}
              aria-current={k === kind ? "page" : undefined}
              className="border-b-2 border-transparent px-3 py-2 font-medium text-slate-600 hover:text-brand-700 aria-[current=page]:border-brand-600 aria-[current=page]:text-brand-700"
            >
              {k ? t(`kinds.${k}`) : t("all")}
            </Link>
          ))}
        </nav>
      ) : null}
      {q.trim() && nothing ? <EmptyState title={t("none", { q: q.trim() })} /> : null}
      {sections.map((k) => {
        const section = results[k]!;
        if (section.items.length === 0) return null;
        return (
          <section key={k} aria-labelledby={`search-${k}`} className="space-y-3" data-testid={`search-${k}`}>
            <h2 id={`search-${k}`} className="text-lg font-semibold">
              {t(`kinds.${k}`)}
            </h2>
            <ul className="space-y-3">
              {k === "projects" &&
                results.projects!.items.map((p) => (
                  <li key={p.id}>
                    <Card>
                      <Link href={`/projects/${p.id}`} className="font-medium text-brand-700 hover:underline">
                        {p.title}
                      </Link>
                      <p className="mt-1 text-sm text-slate-600">{p.excerpt}</p>
                      <p className="mt-1 text-xs text-slate-500">
                        {tp(`statuses.${p.status}`)} · {t("byline", { author: p.author, date: date(p.createdAt) })}
                      </p>
                    </Card>
                  </li>
                ))}
              {k === "topics" &&
                results.topics!.items.map((topic) => (
                  <li key={topic.id}>
                    <Card>
                      <Link href={`/topics/${topic.id}`} className="font-medium text-brand-700 hover:underline">
                        {topic.title}
                      </Link>
                      <p className="mt-1 text-sm text-slate-600">{topic.excerpt}</p>
                      <p className="mt-1 text-xs text-slate-500">
                        {t("byline", { author: topic.author, date: date(topic.createdAt) })} ·{" "}
                        {t("comments", { count: topic.commentCount })}
                      </p>
                    </Card>
                  </li>
                ))}
              {k === "comments" &&
                results.comments!.items.map((comment) => (
                  <li key={comment.id}>
                    <Card>
                      <p className="text-sm text-slate-800">{comment.excerpt}</p>
                      <p className="mt-1 text-xs text-slate-500">
                        {t("byline", { author: comment.author, date: date(comment.createdAt) })} ·{" "}
                        <Link
                          href={
                            comment.on.kind === "topic"
                              ? `/topics/${comment.on.id}#comment-${comment.id}`
                              : `/projects/${comment.on.id}#comment-${comment.id}`
                          }
                          className="text-brand-700 hover:underline"
                        >
                          {t(comment.on.kind === "topic" ? "onTopic" : "onProject", { title: comment.on.title })}
                        </Link>
                      </p>
                    </Card>
                  </li>
                ))}
            </ul>
            {kind === null && section.nextCursor ? (
              <Link href={href(q, k)} className="text-sm text-brand-700 hover:underline">
                {t("more", { kind: t(`kinds.${k}`) })} →
              </Link>
            ) : null}
            {kind !== null ? (
              <div className="flex gap-4 text-sm">
                {cursor ? (
                  <Link href={href(q, kind)} className="text-brand-700 hover:underline">
                    ← {t("first")}
                  </Link>
                ) : null}
                {section.nextCursor ? (
                  <Link
                    href={href(q, kind, section.nextCursor)}
                    rel="next"
                    className="text-brand-700 hover:underline"
                    data-testid="search-next"
                  >
                    {t("next")} →
                  </Link>
                ) : null}
              </div>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
