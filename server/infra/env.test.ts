import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database, in-memory sockets and port 3000", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.XIETONG_DEMO).toBe(false);
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("names the variable that is malformed", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/x" })).toThrow(ConfigError);
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ REDIS_URL: "http://x" })).toThrow(/REDIS_URL/);
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET: must be at least 32/);
  });
});

describe("server start-up", () => {
  const start = (env: Record<string, string>) =>
    spawnSync("node_modules/.bin/tsx", ["server/main.ts"], {
      env: { ...process.env, DATABASE_URL: "", REDIS_URL: "", ...env },
      encoding: "utf8",
      timeout: 30_000,
    });

  it("exits non-zero with a clear message on a malformed DATABASE_URL", () => {
    const result = start({ DATABASE_URL: "postgres//oops" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Invalid configuration");
    expect(result.stderr).toContain("DATABASE_URL");
  });

  it("refuses to start in production without an auth secret", () => {
    const result = start({ NODE_ENV: "production", XIETONG_DEMO: "0", NEXTAUTH_SECRET: "" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("NEXTAUTH_SECRET: required in production");
  });
});

describe("XIETONG_OIDC_PROVIDERS", () => {
  const provider = {
    id: "sh-idp",
    issuer: "https://id.sh.example.cn",
    clientId: "xietong",
    clientSecret: "secret",
    label: { "zh-CN": "上海统一身份认证", en: "Shanghai ID" },
    regionCode: "shanghai",
    organisation: "上海市科委",
  };

  it("is an empty list when unset, and fills the claim mapping's defaults", () => {
    expect(parseEnv({}).XIETONG_OIDC_PROVIDERS).toEqual([]);
    const [parsed] = parseEnv({ XIETONG_OIDC_PROVIDERS: JSON.stringify([provider]) }).XIETONG_OIDC_PROVIDERS;
    expect(parsed).toMatchObject({
      trustedForRegion: false,
      role: "researcher",
      claims: { name: "name", active: "active" },
    });
  });

  it("names what is wrong", () => {
    expect(() => parseEnv({ XIETONG_OIDC_PROVIDERS: "[{" })).toThrow(/XIETONG_OIDC_PROVIDERS: must be a JSON array/);
    expect(() =>
      parseEnv({ XIETONG_OIDC_PROVIDERS: JSON.stringify([{ ...provider, regionCode: undefined }]) }),
    ).toThrow(/sh-idp: give regionCode or a claims.region mapping/);
    expect(() => parseEnv({ XIETONG_OIDC_PROVIDERS: JSON.stringify([{ ...provider, id: "credentials" }]) })).toThrow(
      /reserved/,
    );
    expect(() => parseEnv({ XIETONG_OIDC_PROVIDERS: JSON.stringify([provider, provider]) })).toThrow(/unique/);
  });
});
