import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

/** A person the test identity provider knows. */
export interface TestIdentity {
  sub: string;
  claims: Record<string, unknown>;
  /** Authentication methods the provider asserts for this sign-in (RFC 8176), e.g. ["pwd", "otp"]. */
  amr?: string[];
  /** The provider withdrew the person: it still completes the login, but refuses their access token (401). */
  revoked?: boolean;
}

export interface TestIdp {
  issuer: string;
  port: number;
  /** Adds or replaces a person. */
  put(identity: TestIdentity): void;
  /** Whom the next login interaction signs in (there is no login form: tests choose). */
  signInAs(sub: string): void;
  close(): Promise<void>;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

/**
 * An OpenID Connect provider (panva's oidc-provider) for the tests: in-process, on loopback, with its
 * login and consent answered at once for the person a test picked. Claims beyond `sub` are served
 * under the `profile` and `email` scopes, i.e. from the userinfo endpoint.
 */
export async function startTestIdp(options: { port?: number; clients: TestClient[] }): Promise<TestIdp> {
  const people = new Map<string, TestIdentity>();
  let next: string | null = null;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const configuration: Configuration = {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
    })),
    claims: {
      // The ID token carries only the openid scope's claims: `amr` must be one of them.
      openid: ["sub", "amr"],
      email: ["email"],
      profile: ["name", "region", "organisation", "active"],
    },
    cookies: { keys: ["xietong-test-idp-cookie-key"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id, token) {
      const person = people.get(id);
      if (!person) return undefined;
      if (person.revoked && token?.kind === "AccessToken") return undefined;
      return { accountId: id, claims: () => ({ ...person.claims, sub: id }) };
    },
    ttl: { Session: 60, Interaction: 60, Grant: 60, AccessToken: 60, AuthorizationCode: 60, IdToken: 60 },
  };
  const provider = new Provider(issuer, configuration);
  // The provider logs through `debug`; its server errors would otherwise be silent in a test.
  provider.on("server_error", (_ctx, error) => console.error("test IdP error", error));
  const oidc = provider.callback();

  server.on("request", (req, res) => {
    if (!req.url?.startsWith("/interaction/")) return void oidc(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "login") {
        const person = next ? people.get(next) : undefined;
        if (!person) {
          await provider.interactionFinished(req, res, { error: "access_denied", error_description: "no such person" });
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: person.sub, amr: person.amr } });
        return;
      }
      const grant = new provider.Grant({
        accountId: details.session!.accountId,
        clientId: details.params.client_id as string,
      });
      grant.addOIDCScope("openid email profile");
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    port,
    put: (identity) => void people.set(identity.sub, identity),
    signInAs: (sub) => {
      next = sub;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
