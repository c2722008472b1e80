import { pgEnum } from "drizzle-orm/pg-core";

export const roles = ["member", "researcher", "moderator", "admin"] as const;
export type Role = (typeof roles)[number];
export const roleEnum = pgEnum("role", roles);

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];
export const localeEnum = pgEnum("locale", locales);
