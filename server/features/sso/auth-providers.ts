import type { Provider } from "next-auth/providers/index";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { configuredProviders, providerById } from "./providers";
import { completeSsoSignIn, type SignedInAccount, type SsoDeps, type SsoOutcome } from "./sso-sign-in";
import type { OidcProviderConfig } from "@/server/infra/auth/oidc-config";

/** What next-auth's profile step hands on to the signIn callback for an SSO sign-in. */
interface SsoProfile {
  id: string;
  ssoClaims: Record<string, unknown>;
  userinfoRefused: boolean;
}

interface UserinfoAnswer {
  sub: string;
  claims: Record<string, unknown>;
  userinfoRefused: boolean;
}

/** openid-client's OPError carries the HTTP answer; a 401 is the provider refusing the token. */
function refusedWith401(error: unknown): boolean {
  const response = (error as { response?: { statusCode?: unknown } } | null)?.response;
  return response?.statusCode === 401;
}

/** The TokenSet openid-client hands over after checking the ID token. */
interface CheckedTokens {
  claims(): Record<string, unknown>;
}

function oidcProvider(config: OidcProviderConfig): OAuthConfig<UserinfoAnswer> {
  return {
    id: config.id,
    name: config.label.en,
    type: "oauth",
    wellKnown: config.wellKnown ?? `${config.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    userinfo: {
      // The ID token says who signed in; the userinfo endpoint, asked with the fresh access token, says
      // whether the provider still stands behind them. A 401 there means the person is gone.
      async request({ tokens, client }) {
        const idClaims = (tokens as unknown as CheckedTokens).claims();
        const sub = typeof idClaims.sub === "string" ? idClaims.sub : "";
        try {
          const info = (await client.userinfo(tokens as never)) as Record<string, unknown>;
          return {
            sub,
            claims: { ...idClaims, ...info, iss: idClaims.iss, sub: idClaims.sub, amr: idClaims.amr },
            userinfoRefused: false,
          };
        } catch (error) {
          if (refusedWith401(error)) return { sub, claims: idClaims, userinfoRefused: true };
          throw error;
        }
      },
    },
    profile(answer) {
      const profile: SsoProfile = {
        id: answer.sub,
        ssoClaims: answer.claims,
        userinfoRefused: answer.userinfoRefused,
      };
      // next-auth types the profile as a user; it is ours until the signIn callback replaces it.
      return profile;
    },
  };
}

export function ssoAuthProviders(): Provider[] {
  return configuredProviders().map(oidcProvider);
}

/** next-auth error codes the sign-in page translates (messages/*.sso.json, sso.errors). */
export const ssoErrorCodes: Record<
  Exclude<SsoOutcome["kind"], "signed-in" | "second-factor" | "pending" | "linked">,
  string
> = {
  "issuer-refused": "SsoIssuerRefused",
  incomplete: "SsoIncomplete",
  gone: "SsoGone",
  suspended: "Suspended",
  refused: "SsoRefused",
  "no-region": "SsoNoRegion",
  "email-taken": "SsoEmailTaken",
  "identity-taken": "SsoIdentityTaken",
  "link-expired": "SsoLinkExpired",
};

export type SsoSignInDecision = { allow: true; account: SignedInAccount } | { allow: false; redirect: string };

/**
 * The signIn callback's work for an SSO sign-in: where the browser goes next, or the account to open
 * a session for. A signed-in person's results land on their profile page, where linking happens.
 */
export async function decideSsoSignIn(
  deps: SsoDeps,
  providerId: string,
  user: unknown,
  signedInAccountId: number | null,
): Promise<SsoSignInDecision> {
  const provider = providerById(providerId);
  const profile = user as Partial<SsoProfile>;
  if (!provider || !profile.ssoClaims) return { allow: false, redirect: "/sign-in?error=SsoIncomplete" };
  const outcome = await completeSsoSignIn(deps, {
    provider,
    claims: profile.ssoClaims,
    userinfoRefused: profile.userinfoRefused === true,
    signedInAccountId,
  });
  switch (outcome.kind) {
    case "signed-in":
      return { allow: true, account: outcome.account };
    case "second-factor":
      return { allow: false, redirect: `/sign-in/sso?ticket=${encodeURIComponent(outcome.ticket)}` };
    case "pending":
      return { allow: false, redirect: "/sign-in/pending" };
    case "linked":
      return { allow: false, redirect: "/me?sso=linked#sso" };
    default: {
      const code = ssoErrorCodes[outcome.kind];
      return { allow: false, redirect: signedInAccountId ? `/me?sso=${code}#sso` : `/sign-in?error=${code}` };
    }
  }
}
