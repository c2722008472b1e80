import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { openDatabase } from "@/db/client";
import { regions } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { displayNameInput, emailInput, newPasswordInput, organisationInput } from "@/server/features/accounts/contract";
import { parseEnv } from "@/server/infra/env";
import { AppError } from "@/server/errors";
import { insertAccount } from "@/server/features/accounts/create-account";
import { recordAudit } from "@/server/infra/audit";

/**
 * Creates the first administrator outside demo mode:
 *   npm run admin:create -- --email a@b.cn --name "赵磊" --region shanghai --organisation "…"
 * The password is read from XIETONG_ADMIN_PASSWORD or asked for on the terminal, never from argv
 * (which other users of the machine can read).
 */
const usage = "usage: npm run admin:create -- --email EMAIL --name NAME --region REGION_CODE --organisation ORG";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      region: { type: "string" },
      organisation: { type: "string" },
    },
  });
  const input = z
    .object({
      email: emailInput,
      name: displayNameInput,
      region: z.string().trim().min(1, "--region is required"),
      organisation: organisationInput,
    })
    .safeParse(values);
  if (!input.success)
    throw new Error(`${input.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}\n${usage}`);

  let password = process.env.XIETONG_ADMIN_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    password = await rl.question("Password (at least 12 characters): ");
    rl.close();
  }
  // The same policy as every other new password: length and the common-password list.
  const checked = await newPasswordInput.safeParseAsync(password);
  if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? "invalid password");

  const env = parseEnv();
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: path.join(env.XIETONG_DATA_DIR, "pglite") });
  try {
    await database.migrate();
    await seedReferenceData(database.db);
    const [region] = await database.db.select().from(regions).where(eq(regions.code, input.data.region));
    if (!region) {
      const codes = (await database.db.select({ code: regions.code }).from(regions)).map((r) => r.code).join(", ");
      throw new Error(`Unknown region "${input.data.region}". Known regions: ${codes}`);
    }
    const account = await database.db.transaction(async (tx) => {
      const created = await insertAccount(tx, {
        email: input.data.email,
        displayName: input.data.name,
        organisation: input.data.organisation,
        role: "admin",
        regionId: region.id,
        password: checked.data,
      });
      await recordAudit(tx, {
        actorId: null,
        action: "account.create-admin",
        targetType: "account",
        targetId: created.id,
        reason: "npm run admin:create",
        after: { email: created.email, role: "admin", regionId: region.id },
      });
      return created;
    });
    process.stdout.write(`Administrator ${account.email} created (account ${account.id}, ${database.kind}).\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof AppError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
