import type { DatabaseHandle } from "@/db/client";
import { seedReferenceData } from "@/db/seed";
import { createRecordingPublisher } from "@/server/infra/realtime/publisher";
import type { ServiceDeps } from "@/server/infra/deps";

/**
 * A fresh bench database migrated and seeded with the reference data, and the use-cases' deps on it
 * (events recorded, not published: the server broadcasts them when it starts).
 */
export async function seededBenchDeps(handle: Pick<DatabaseHandle, "db" | "migrate">): Promise<ServiceDeps> {
  await handle.migrate();
  await seedReferenceData(handle.db);
  return { db: handle.db, publisher: createRecordingPublisher(), now: () => new Date(), inviteTtlHours: 72 };
}
