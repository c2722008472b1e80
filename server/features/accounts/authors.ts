import { eq } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { accounts, regions } from "@/db/schema";

/** The public face of an author: name, role and region — never the email. */
export const authorRegions = alias(regions, "author_regions");

export const authorColumns = {
  id: accounts.id,
  displayName: accounts.displayName,
  role: accounts.role,
  organisation: accounts.organisation,
};

export const authorRegionColumns = {
  id: authorRegions.id,
  code: authorRegions.code,
  nameZh: authorRegions.nameZh,
  nameEn: authorRegions.nameEn,
};

export const joinAuthorRegionOn = (regionIdColumn: AnyPgColumn) => eq(authorRegions.id, regionIdColumn);
