import type { Db } from "@/db/client";
import type { Publisher } from "../realtime/publisher";

/** What a use-case needs from the world; tests build it with a throw-away database. */
export interface ServiceDeps {
  db: Db;
  publisher: Publisher;
  now: () => Date;
  inviteTtlHours: number;
}
