import { pgEnum } from "drizzle-orm/pg-core";
import { locales, roles } from "@/server/domain/vocabulary";

export { locales, roles, type Locale, type Role } from "@/server/domain/vocabulary";

export const roleEnum = pgEnum("role", roles);
export const localeEnum = pgEnum("locale", locales);
