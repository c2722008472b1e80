/** The part of a provider's configuration (server/infra/auth/oidc-config.ts) these rules read. */
export interface ProviderMapping {
  regionCode?: string;
  organisation?: string;
  trustedForRegion: boolean;
  claims: { name: string; email: string; region?: string; organisation?: string; active: string };
}

/** What a provider said about a person, in our terms. */
export interface MappedIdentity {
  subject: string;
  issuer: string;
  email: string | null;
  displayName: string | null;
  organisation: string | null;
  /** A region code: the provider's own when it is tied to one, else the mapped claim's. */
  regionCode: string | null;
  /** The provider says the person signed in with more than a password (`amr`). */
  mfa: boolean;
  /** False when the provider says the person has left (the configured claim is false). */
  active: boolean;
}

/** RFC 8176 methods that are a second factor in themselves, or say one was used. */
const strongMethods = new Set(["mfa", "otp", "hwk"]);

function text(value: unknown, max: number): string | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const cleaned = String(value).trim();
  return cleaned === "" ? null : cleaned.slice(0, max);
}

/** A dotted path reaches into nested claims ("org.name"), as some providers nest them. */
function claim(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function inactive(value: unknown): boolean {
  return value === false || value === "false" || value === 0 || value === "0";
}

export function mapClaims(provider: ProviderMapping, claims: Record<string, unknown>): MappedIdentity {
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  const mapped = provider.claims;
  return {
    subject: text(claims.sub, 255) ?? "",
    issuer: typeof claims.iss === "string" ? claims.iss : "",
    email: text(claim(claims, mapped.email), 254)?.toLowerCase() ?? null,
    displayName: text(claim(claims, mapped.name), 80),
    organisation: provider.organisation ?? (mapped.organisation ? text(claim(claims, mapped.organisation), 120) : null),
    regionCode:
      provider.regionCode ?? (mapped.region ? (text(claim(claims, mapped.region), 40)?.toLowerCase() ?? null) : null),
    mfa: amr.some((method) => typeof method === "string" && strongMethods.has(method)),
    active: !inactive(claim(claims, mapped.active)),
  };
}

/** Issuers compare as the provider wrote them, but a trailing slash is not a different issuer. */
export function sameIssuer(a: string, b: string): boolean {
  const strip = (value: string) => value.replace(/\/+$/, "");
  return a !== "" && strip(a) === strip(b);
}

/** A first sign-in is approved at once only by a provider trusted for the region it places the person in. */
export function approvesAutomatically(provider: ProviderMapping, regionCode: string): boolean {
  return provider.trustedForRegion && provider.regionCode === regionCode;
}

/**
 * Whether the person must still type a code after the provider: anyone with two-factor set up,
 * unless the provider asserts it checked a second factor itself.
 */
export function needsSecondFactor(totpEnabled: boolean, mapped: Pick<MappedIdentity, "mfa">): boolean {
  return totpEnabled && !mapped.mfa;
}
