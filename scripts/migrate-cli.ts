import path from "node:path";
import { parseEnv } from "@/server/infra/env";
import { openDatabase } from "../db/client";
import { seedReferenceData } from "../db/seed";

/** `npm run db:migrate`: apply migrations (and, with --seed, the reference data) without starting the app. */
const env = parseEnv();
const database = await openDatabase({ url: env.DATABASE_URL, dataDir: path.join(env.XIETONG_DATA_DIR, "pglite") });
try {
  await database.migrate();
  if (process.argv.includes("--seed")) await seedReferenceData(database.db);
  process.stdout.write(
    `Migrations applied (${database.kind})${process.argv.includes("--seed") ? ", reference data seeded" : ""}.\n`,
  );
} finally {
  await database.close();
}
