import { z } from "zod";

/** Provider ids become next-auth provider ids and URL segments (/api/auth/callback/<id>). */
const reservedIds = new Set(["credentials", "sso-code", "signin", "signout", "session", "csrf", "providers"]);

const claimName = z.string().trim().min(1).max(100);

/**
 * One OpenID Connect identity provider, as written in XIETONG_OIDC_PROVIDERS (a JSON array). A
 * provider is tied to a region (everyone it signs in belongs there) or to an organisation (the
 * region then comes from a claim); `trustedForRegion` approves first sign-ins without an admin.
 */
export const oidcProviderConfig = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,31}$/, "id: 2–32 lower-case letters, digits or '-'")
      .refine((id) => !reservedIds.has(id), "id: that name is reserved"),
    issuer: z.string().url("issuer: must be the issuer URL exactly as the provider's tokens carry it"),
    /** Discovery document; `<issuer>/.well-known/openid-configuration` unless given. */
    wellKnown: z.string().url().optional(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    label: z.object({ "zh-CN": z.string().trim().min(1).max(60), en: z.string().trim().min(1).max(60) }),
    regionCode: z.string().trim().min(1).max(40).optional(),
    organisation: z.string().trim().min(1).max(120).optional(),
    trustedForRegion: z.boolean().default(false),
    /** The role of accounts this provider creates; staff roles are only ever given by an admin. */
    role: z.enum(["member", "researcher"]).default("researcher"),
    claims: z
      .object({
        name: claimName.default("name"),
        email: claimName.default("email"),
        region: claimName.optional(),
        organisation: claimName.optional(),
        /** A claim that, when false, says the person has left: their account is suspended at sign-in. */
        active: claimName.default("active"),
      })
      .default({ name: "name", email: "email", active: "active" }),
  })
  .superRefine((provider, ctx) => {
    if (!provider.regionCode && !provider.claims.region)
      ctx.addIssue({ code: "custom", message: `${provider.id}: give regionCode or a claims.region mapping` });
    if (!provider.organisation && !provider.claims.organisation)
      ctx.addIssue({ code: "custom", message: `${provider.id}: give organisation or a claims.organisation mapping` });
    if (provider.trustedForRegion && !provider.regionCode)
      ctx.addIssue({ code: "custom", message: `${provider.id}: trustedForRegion needs regionCode` });
  });

export type OidcProviderConfig = z.output<typeof oidcProviderConfig>;

export const oidcProvidersConfig = z.preprocess(
  (value) => {
    if (value === undefined || value === "") return [];
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return Symbol("invalid JSON");
    }
  },
  z
    .array(oidcProviderConfig, { error: "must be a JSON array of identity providers" })
    .refine((list) => new Set(list.map((p) => p.id)).size === list.length, "provider ids must be unique"),
);
