import { pgEnum } from "drizzle-orm/pg-core";
import { locales, roles } from "@/shared/vocabulary";

export { locales, roles, type Locale, type Role } from "@/shared/vocabulary";

export const roleEnum = pgEnum("role", roles);
export const localeEnum = pgEnum("locale", locales);
