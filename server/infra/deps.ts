import type { Db } from "@/db/client";
import type { BackgroundWork } from "./background";
import type { MailSettings } from "./mail/email-settings";
import type { Publisher } from "./realtime/publisher";
import type { RateLimitStore } from "./rate-limit";
import type { ReadCache } from "./read-cache";
import type { FileStorage } from "./storage/file-storage";
import type { TransactDeps } from "./transact";

/** What a use-case needs from the world; tests build it with a throw-away database. */
export interface ServiceDeps {
  db: Db;
  publisher: Publisher;
  now: () => Date;
  inviteTtlHours: number;
  /**
   * Connections kept apart from the request pool for short system writes that must not queue
   * behind a burst of requests (the coalesced vote notices); the request pool when absent.
   */
  priorityDb?: Db;
  /** Abuse limits for public requests (password-reset mail); the process-wide store. */
  rateLimits?: RateLimitStore;
  /** Votes on one ballot, or on one opinion round, share transactions (group commit); false: one transaction per vote. Default true. */
  voteGroupCommit?: boolean;
  /** How mail is sent and linked; null or absent when this installation sends none. */
  mail?: MailSettings | null;
  /** Where attachment bytes are kept; absent where nothing reads or writes files. */
  storage?: FileStorage;
  /** The size cap of one attached file (ATTACHMENT_MAX_MB). */
  attachmentMaxBytes?: number;
  /**
   * The work use-cases leave running after they answer (opinion maps' coalesced recomputes), stopped
   * before the database closes; absent (scripts, benchmarks): such work is not tracked and runs to its end.
   */
  background?: BackgroundWork;
  /** Reference data kept in memory (regions, recommendations); the process's cache when absent (tests pass another, as a second process). */
  readCache?: ReadCache;
  /** Told of each deadlock or serialization retry instead of the process's reporter (the metric); tests that count their own. */
  onTransactionRetry?: TransactDeps["onTransactionRetry"];
}
