import { and, eq, inArray, ne } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { accounts, expertiseProfiles, projectCoauthors, projects, type ExpertiseProfile } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { notSuspendedAt } from "@/server/infra/auth/suspension";
import { transact } from "@/server/infra/transact";
import type { expertiseInput, suggestInput } from "./contract";
import { canSeeExpertise, type Viewer } from "./rules/access";
import { organisationsOf, rankCoproposers } from "./rules/suggestions";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

export type ExpertiseView = Pick<
  ExpertiseProfile,
  "fields" | "keywords" | "links" | "visibility" | "recognitionOptOut"
>;

const blank: ExpertiseView = { fields: [], keywords: [], links: [], visibility: "hidden", recognitionOptOut: false };

const viewOf = (p: ExpertiseProfile): ExpertiseView => ({
  fields: p.fields,
  keywords: p.keywords,
  links: p.links,
  visibility: p.visibility,
  recognitionOptOut: p.recognitionOptOut,
});

export async function myExpertise(db: Db, user: SessionUser): Promise<ExpertiseView> {
  const [profile] = await db.select().from(expertiseProfiles).where(eq(expertiseProfiles.accountId, user.id));
  return profile ? viewOf(profile) : blank;
}

export async function saveExpertise(deps: Deps, user: SessionUser, input: z.output<typeof expertiseInput>) {
  return transact(deps, async (tx) => {
    const values = { ...input, updatedAt: deps.now() };
    const [row] = await tx
      .insert(expertiseProfiles)
      .values({ accountId: user.id, ...values })
      .onConflictDoUpdate({ target: expertiseProfiles.accountId, set: values })
      .returning();
    return viewOf(row!);
  });
}

/** A person's expertise as far as they opted in; null when the viewer may not see it (or there is none). */
export async function personExpertise(db: Db, viewer: Viewer, accountId: number) {
  const [profile] = await db.select().from(expertiseProfiles).where(eq(expertiseProfiles.accountId, accountId));
  if (!profile || !canSeeExpertise(profile, viewer)) return null;
  const { fields, keywords, links, visibility } = profile;
  return { fields, keywords, links, visibility };
}

/**
 * People (and their organisations) in the draft's partner regions whose opted-in expertise fits its
 * text, with the reasons (rules/suggestions.ts). Only profiles shown to participants or the public,
 * of accounts that could co-propose (researchers, members, admins; not suspended).
 */
export async function suggestCoproposers(
  deps: Pick<ServiceDeps, "db" | "now">,
  user: SessionUser,
  input: z.output<typeof suggestInput>,
) {
  const partners = [...new Set(input.partnerRegionIds)];
  if (partners.length === 0 || !input.text.trim()) return { people: [], organisations: [] };
  const rows = await deps.db
    .select({
      accountId: accounts.id,
      displayName: accounts.displayName,
      organisation: accounts.organisation,
      regionId: accounts.regionId,
      fields: expertiseProfiles.fields,
      keywords: expertiseProfiles.keywords,
      links: expertiseProfiles.links,
    })
    .from(expertiseProfiles)
    .innerJoin(accounts, eq(accounts.id, expertiseProfiles.accountId))
    .where(
      and(
        ne(expertiseProfiles.visibility, "hidden"),
        inArray(accounts.regionId, partners),
        inArray(accounts.role, ["researcher", "member", "admin"]),
        notSuspendedAt(deps.now()),
      ),
    );
  const exclude = [user.id];
  if (input.projectId) {
    const [project] = await deps.db
      .select({ proposerId: projects.proposerId })
      .from(projects)
      .where(eq(projects.id, input.projectId));
    if (project?.proposerId === user.id) {
      const invited = await deps.db
        .select({ accountId: projectCoauthors.accountId })
        .from(projectCoauthors)
        .where(eq(projectCoauthors.projectId, input.projectId));
      exclude.push(...invited.map((c) => c.accountId));
    }
  }
  const names = new Map(rows.map((r) => [r.accountId, r.displayName]));
  const ranked = rankCoproposers(
    { text: input.text, tags: input.tags, partnerRegionIds: partners, excludeAccountIds: exclude },
    rows.map((r) => ({
      accountId: r.accountId,
      organisation: r.organisation,
      regionId: r.regionId,
      fields: r.fields,
      keywords: r.keywords,
      text: [...r.fields, ...r.keywords, ...r.links.map((l) => l.label)].join("\n"),
    })),
  );
  return {
    people: ranked.map((s) => ({ ...s, displayName: names.get(s.accountId) ?? "" })),
    organisations: organisationsOf(ranked),
  };
}
