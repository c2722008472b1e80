import { sql } from "drizzle-orm";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  const runtime = getRuntime();
  let database = "ok";
  try {
    await runtime.database.db.execute(sql`select 1`);
  } catch {
    database = "unreachable";
  }
  const status = database === "ok" ? "ok" : "degraded";
  return Response.json(
    { status, db: runtime.database.kind, database, realtime: runtime.realtime, version: runtime.version },
    { status: status === "ok" ? 200 : 503 },
  );
}
