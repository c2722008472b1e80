import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
// Set once in the main process; workers inherit it, so every worker talks to the same fresh server.
process.env.XIETONG_E2E_DATA ??= mkdtempSync(path.join(tmpdir(), "xietong-e2e-"));
const baseURL = `http://localhost:${port}`;
// Mail goes to a local SMTP server that e2e/account-recovery.spec.ts runs on this port while it runs;
// at other times the server's email worker finds nobody there and retries later, which is harmless.
process.env.E2E_SMTP_PORT ??= String(port + 1);
// e2e/sso.spec.ts runs a test identity provider on this port while it runs; the server knows it from start.
process.env.E2E_IDP_PORT ??= String(port + 2);
const idpIssuer = `http://127.0.0.1:${process.env.E2E_IDP_PORT}`;
const ssoClient = { clientId: "xietong-e2e", clientSecret: "e2e-client-secret", issuer: idpIssuer };

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  globalTeardown: "./global-teardown.ts",
  use: {
    baseURL,
    locale: "zh-CN",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // exec: npm and sh do not forward signals, and an orphaned server would hold the port.
    command: "exec node_modules/.bin/tsx server/main.ts",
    cwd: path.resolve(import.meta.dirname, ".."),
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // A fresh embedded database and the demo (ballots, a long thread) on a shared two-core machine.
    timeout: 240_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      XIETONG_DEMO: "1",
      PORT: String(port),
      NEXTAUTH_URL: baseURL,
      XIETONG_DATA_DIR: process.env.XIETONG_E2E_DATA,
      DATABASE_URL: "",
      REDIS_URL: "",
      LOG_LEVEL: "warn",
      // OWASP's scrypt cost is ~0.4 s of a core per hash; the suite signs in and redeems invitations
      // some hundred times. Hashes carry their cost, so nothing else changes (as in the vitest runs).
      XIETONG_SCRYPT_COST: "fast",
      SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
      MAIL_FROM: "Xietong <noreply@xietong.test>",
      // The outgoing-notices test posts to a receiver on loopback over plain HTTP.
      XIETONG_WEBHOOKS_ALLOW_PRIVATE: "1",
      // Two providers at the one test IdP: one trusted for Shanghai, one (a university) whose first
      // sign-ins wait for an admin.
      XIETONG_OIDC_PROVIDERS: JSON.stringify([
        {
          ...ssoClient,
          id: "e2e-gov",
          label: { "zh-CN": "上海政务身份认证", en: "Shanghai government ID" },
          regionCode: "shanghai",
          organisation: "上海市科学技术委员会",
          trustedForRegion: true,
        },
        {
          ...ssoClient,
          id: "e2e-univ",
          label: { "zh-CN": "高校联合认证", en: "University federation" },
          claims: { region: "region", organisation: "organisation" },
        },
      ]),
    },
  },
});
