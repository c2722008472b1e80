import { oidcProvidersConfig, type OidcProviderConfig } from "@/server/infra/auth/oidc-config";

let cached: { raw: string | undefined; providers: OidcProviderConfig[] } | undefined;

/**
 * The identity providers of XIETONG_OIDC_PROVIDERS. server/main.ts has validated the variable at
 * start (server/infra/env.ts), so parsing here cannot fail in a running server; it is read again
 * only when the variable changes (tests set it per suite).
 */
export function configuredProviders(): OidcProviderConfig[] {
  const raw = process.env.XIETONG_OIDC_PROVIDERS;
  if (!cached || cached.raw !== raw) cached = { raw, providers: oidcProvidersConfig.parse(raw) };
  return cached.providers;
}

export function providerById(id: string): OidcProviderConfig | undefined {
  return configuredProviders().find((provider) => provider.id === id);
}

/** What a page may show of a provider: never its secret. */
export function publicProviders() {
  return configuredProviders().map(({ id, label }) => ({ id, label }));
}
