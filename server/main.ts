import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Redis } from "ioredis";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { demoGuide, seedDemoContent } from "@/server/demo/demo-content";
import { seedDemoAccounts, seedReferenceData } from "@/db/seed";
import { hashPassword } from "./infra/auth/password";
import { connectSessionCache, processSessionCache, setSessionCacheAnnouncer } from "./infra/auth/session-cache";
import { resolveAuthSecret } from "./infra/auth/secret";
import { securityHeaders } from "./domain/http-security";
import { ConfigError, parseEnv } from "./infra/env";
import { refuseRequest } from "./infra/http-gate";
import { createLogger } from "./infra/logger";
import { createMetrics } from "./infra/observability/metrics";
import { assignRequestId, logUnloggedFailure } from "./infra/observability/request-log";
import { createRealtime, listenBacklog } from "./infra/realtime/io";
import { startBallotScheduler } from "@/server/features/ballots";
import { configureMail } from "./infra/mail/email-settings";
import { startEmailWorker } from "./infra/mail/email-worker";
import { notificationJobHandlers } from "@/server/features/ballots";
import { startJobRunner } from "./infra/jobs/scheduled-jobs";
import { createMemoryRateLimitStore, createRedisRateLimitStore } from "./infra/rate-limit";
import { setRuntime } from "./runtime";
import { createRequestContext } from "./trpc/http-context";
import { createTrpcHandler, trpcBasePath } from "./trpc/http-handler";
import { appRouter } from "./trpc/root";

/**
 * The one process: Next.js and socket.io on one HTTP server and port. Everything a request needs is
 * put on globalThis (see runtime.ts) before the server listens.
 */
async function main(): Promise<void> {
  const env = parseEnv();
  const production = env.NODE_ENV === "production";
  const logger = createLogger(env.LOG_LEVEL);
  const version = (JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as { version: string }).version;

  const authSecret = resolveAuthSecret({
    configured: env.NEXTAUTH_SECRET,
    production,
    demo: env.XIETONG_DEMO,
    dataDir: env.XIETONG_DATA_DIR,
  });
  process.env.NEXTAUTH_SECRET = authSecret;
  process.env.NEXTAUTH_URL ??= `http://localhost:${env.PORT}`;

  const database = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: path.join(env.XIETONG_DATA_DIR, "pglite"),
    onIdleError: (error) => logger.warn({ err: error }, "idle database connection lost"),
  });
  await database.migrate();
  await seedReferenceData(database.db);
  // PGlite runs no autovacuum, so its planner would never get statistics; gather them at start.
  if (database.kind === "pglite") await database.db.execute(sql`analyze`);
  logger.info({ db: database.kind }, "database ready");
  if (env.XIETONG_DEMO) {
    const demo = await seedDemoAccounts(database.db, hashPassword);
    await seedDemoContent(database.db);
    const lines = demo.map((a) => `  ${a.role.padEnd(10)} ${a.email.padEnd(30)} ${a.password}`);
    process.stdout.write(`\nDemo accounts (demo mode only):\n${lines.join("\n")}\n\n${demoGuide()}\n\n`);
  }

  createMetrics(() => database.poolStats());
  const httpServer = createServer();
  const realtime = await createRealtime(httpServer, {
    db: database.db,
    authSecret,
    logger,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
  });
  const sessionCacheLinks = env.REDIS_URL
    ? await linkSessionCache(env.REDIS_URL, `${env.REDIS_PREFIX}:session-cache`)
    : null;
  const rateLimits = env.REDIS_URL
    ? createRedisRateLimitStore(new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 }), `${env.REDIS_PREFIX}:rl:`)
    : createMemoryRateLimitStore();
  setRuntime({
    database,
    publisher: realtime.publisher,
    realtime: realtime.kind,
    logger,
    version,
    demo: env.XIETONG_DEMO,
    inviteTtlHours: env.INVITE_TTL_HOURS,
    authSecret,
    rateLimits,
  });

  // Ballots close at their closing time. The schedule is read from the database (first pass now,
  // then periodically), so ballots that came due while the server was down close on start.
  const ballotScheduler = startBallotScheduler({
    db: database.db,
    publisher: realtime.publisher,
    now: () => new Date(),
    logger,
  });
  // Reminders and digests are rows in scheduled_jobs; mail waits in email_outbox. Both are read from
  // the database, so a restart neither loses nor repeats them.
  configureMail(env.SMTP_URL ? { baseUrl: process.env.NEXTAUTH_URL, from: env.MAIL_FROM, authSecret } : null);
  const jobRunner = startJobRunner(
    { db: database.db, publisher: realtime.publisher, now: () => new Date(), logger },
    notificationJobHandlers,
  );
  const emailWorker = env.SMTP_URL
    ? startEmailWorker({
        db: database.db,
        transport: (await import("nodemailer")).createTransport(env.SMTP_URL),
        from: env.MAIL_FROM,
        now: () => new Date(),
        logger,
      })
    : null;

  // Imported late: NODE_ENV must be final before Next loads, or a custom server starts the dev server.
  const { default: next } = await import("next");
  const app = next({ dev: !production, hostname: "localhost", port: env.PORT, httpServer });
  await app.prepare();
  const handle = app.getRequestHandler();
  // The API does not pass through Next: the same router and context, served by tRPC's Node adapter.
  const handleApi = createTrpcHandler({
    router: appRouter,
    createContext: (req) => createRequestContext(req.headers),
    logger,
  });
  // JSON answers carry the same hardening headers; a CSP (and so a nonce) is for documents only.
  const apiHeaders = Object.entries(securityHeaders({ nonce: "", production, development: !production })).filter(
    ([name]) => name !== "Content-Security-Policy",
  );
  httpServer.on("request", (req, res) => {
    if (req.url?.startsWith("/socket.io/")) return;
    const requestId = assignRequestId(req, res);
    if (refuseRequest(req, res)) return;
    // Abuse limits key on the peer address; a client-sent header of this name is overwritten.
    req.headers["x-xietong-client-ip"] = req.socket.remoteAddress ?? "";
    if (req.url?.startsWith(trpcBasePath)) {
      for (const [name, value] of apiHeaders) res.setHeader(name, value);
      return handleApi(req, res);
    }
    // Pages and route handlers log their own failures (instrumentation.ts); any 5xx they did not is logged here.
    res.once("finish", () => logUnloggedFailure(logger, { requestId, route: req.url ?? "", status: res.statusCode }));
    // Next reads the nonce from the request's CSP header and puts it on every script it emits.
    const nonce = randomBytes(16).toString("base64");
    const headers = securityHeaders({ nonce, production, development: !production });
    req.headers["content-security-policy"] = headers["Content-Security-Policy"];
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    void handle(req, res);
  });

  await new Promise<void>((resolve) =>
    httpServer.listen({ port: env.PORT, host: env.HOST, backlog: listenBacklog }, resolve),
  );
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  logger.info(
    {
      port,
      db: database.kind,
      realtime: realtime.kind,
      mode: production ? "production" : "development",
      demo: env.XIETONG_DEMO,
    },
    `Xietong ready on http://localhost:${port}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    ballotScheduler.stop();
    jobRunner.stop();
    emailWorker?.stop();
    await realtime.close();
    await sessionCacheLinks?.close();
    await app.close?.();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** Session cache invalidations from this process reach the others, and theirs reach this one. */
async function linkSessionCache(redisUrl: string, channel: string): Promise<{ close(): Promise<void> }> {
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const subscriber = publisher.duplicate();
  setSessionCacheAnnouncer(await connectSessionCache(processSessionCache(), publisher, subscriber, channel));
  return { close: async () => void (await Promise.all([publisher.quit(), subscriber.quit()]).catch(() => undefined)) };
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Xietong failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
