import { describe, expect, it } from "vitest";
import { oidcProviderConfig } from "@/server/infra/auth/oidc-config";
import { approvesAutomatically, mapClaims, needsSecondFactor, sameIssuer } from "./claims";

const base = {
  id: "idp",
  issuer: "https://id.example.cn",
  clientId: "c",
  clientSecret: "s",
  label: { "zh-CN": "统一认证", en: "ID" },
};
const regional = oidcProviderConfig.parse({
  ...base,
  regionCode: "shanghai",
  organisation: "上海市科委",
  trustedForRegion: true,
});
const university = oidcProviderConfig.parse({
  ...base,
  organisation: "浙江大学",
  claims: { name: "profile.cn_name", region: "city", active: "enabled" },
});

describe("mapClaims", () => {
  it("takes the region and organisation a provider is tied to, whatever the claims say", () => {
    const mapped = mapClaims(regional, {
      sub: "u1",
      iss: base.issuer,
      name: " 王芳 ",
      city: "beijing",
      email: "W@X.CN",
    });
    expect(mapped).toMatchObject({
      subject: "u1",
      displayName: "王芳",
      regionCode: "shanghai",
      organisation: "上海市科委",
    });
    expect(mapped.email).toBe("w@x.cn");
  });

  it("reads mapped and nested claims", () => {
    const mapped = mapClaims(university, { sub: "u2", profile: { cn_name: "李雷" }, city: "Hangzhou", enabled: true });
    expect(mapped).toMatchObject({
      displayName: "李雷",
      regionCode: "hangzhou",
      organisation: "浙江大学",
      active: true,
    });
  });

  it("treats a false active claim as gone, and a missing one as present", () => {
    expect(mapClaims(university, { sub: "u", enabled: false }).active).toBe(false);
    expect(mapClaims(university, { sub: "u", enabled: "false" }).active).toBe(false);
    expect(mapClaims(university, { sub: "u" }).active).toBe(true);
  });

  it("sees a second factor only in strong amr methods", () => {
    expect(mapClaims(regional, { sub: "u", amr: ["pwd", "otp"] }).mfa).toBe(true);
    expect(mapClaims(regional, { sub: "u", amr: ["mfa"] }).mfa).toBe(true);
    expect(mapClaims(regional, { sub: "u", amr: ["pwd"] }).mfa).toBe(false);
    expect(mapClaims(regional, { sub: "u", amr: "mfa" }).mfa).toBe(false);
  });
});

describe("decisions", () => {
  it("approves automatically only for the trusted provider's own region", () => {
    expect(approvesAutomatically(regional, "shanghai")).toBe(true);
    expect(approvesAutomatically(regional, "beijing")).toBe(false);
    expect(approvesAutomatically(university, "hangzhou")).toBe(false);
  });

  it("asks for a code when two-factor is on and the provider did not assert MFA", () => {
    expect(needsSecondFactor(true, { mfa: false })).toBe(true);
    expect(needsSecondFactor(true, { mfa: true })).toBe(false);
    expect(needsSecondFactor(false, { mfa: false })).toBe(false);
  });

  it("compares issuers exactly, up to a trailing slash", () => {
    expect(sameIssuer("https://id.example.cn/", "https://id.example.cn")).toBe(true);
    expect(sameIssuer("https://evil.example.cn", "https://id.example.cn")).toBe(false);
    expect(sameIssuer("", "")).toBe(false);
  });
});
