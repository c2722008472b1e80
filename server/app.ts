import { streamVisibleTo } from "@/server/features/access";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import path from "node:path";
import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { openDatabase } from "@/db/client";
import { seedDemoAccounts, seedReferenceData } from "@/db/seed";
import { demoGuide, seedDemoContent } from "@/server/demo/demo-content";
import { linkUnlinkedAccounts } from "@/server/features/organisations";
import { hashPassword } from "./infra/auth/password";
import { resolveAuthSecret } from "./infra/auth/secret";
import { connectSessionCache, processSessionCache, setSessionCacheAnnouncer } from "./infra/auth/session-cache";
import { connectReadCache, processReadCache, setReadCacheAnnouncer } from "./infra/read-cache";
import { isServedFileRoute, securityHeaders } from "./domain/http-security";
import { cacheablePageKey } from "./infra/page-cache/cacheable-request";
import { databaseWriteMark } from "./infra/page-cache/database-mark";
import { createSignedOutPageCache } from "./infra/page-cache/signed-out-page-cache";
import { createBackgroundWork } from "./infra/background";
import type { Env } from "./infra/env";
import { refuseRequest } from "./infra/http-gate";
import { createLogger } from "./infra/logger";
import type { MailSettings } from "./infra/mail/email-settings";
import { createMetrics, reportTransactionRetries } from "./infra/observability/metrics";
import { assignRequestId, logUnloggedFailure } from "./infra/observability/request-log";
import { createMemoryRateLimitStore, createRedisRateLimitStore } from "./infra/rate-limit";
import { createRealtime, listenBacklog } from "./infra/realtime/io";
import { startJobs } from "./jobs";
import { createStorage } from "./infra/storage";
import { seedDemoAttachments } from "./demo/cycle/attachments";
import { setRuntime, type Runtime } from "./runtime";
import { createRequestContext } from "./trpc/http-context";
import { setTransactionRetryReporter, transactionRetryReporter } from "./infra/transact";
import { createTrpcHandler, trpcBasePath } from "./trpc/http-handler";
import { createOpenDataHandler } from "./features/open-data/http-router";
import { apiBasePath } from "./features/open-data/rules/openapi";
import { appRouter } from "./trpc/root";

export interface AppConfig extends Env {
  /** Serve pages through Next.js (default). Off for tests that need only the API and the sockets. */
  pages?: boolean;
}

export interface App {
  httpServer: Server;
  runtime: Runtime;
  /** Listens on PORT and HOST (PORT 0: any free port) and answers the port it got. */
  listen(): Promise<number>;
  /** Stops the jobs and background work, the sockets, Next and the database, in that order. */
  close(): Promise<void>;
}

/**
 * The composition root: builds every service once from the configuration (database, publisher and
 * sockets, rate limits, mail, metrics, jobs), hands them to the tRPC context and the socket server, and
 * publishes them to Next's module graph through the one bridge (runtime.ts). server/main.ts is
 * config → createApp → listen; tests boot it on port 0.
 */
export async function createApp(config: AppConfig): Promise<App> {
  const env = config;
  const production = env.NODE_ENV === "production";
  const logger = createLogger(env.LOG_LEVEL);
  const version = (JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as { version: string }).version;

  const authSecret = resolveAuthSecret({
    configured: env.NEXTAUTH_SECRET,
    production,
    demo: env.XIETONG_DEMO,
    dataDir: env.XIETONG_DATA_DIR,
  });
  // next-auth reads both from the environment.
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
  // The free-text organisation migration: links every profile that names one organisation; idempotent.
  const linkedProfiles = await linkUnlinkedAccounts(database.db);
  if (linkedProfiles > 0) logger.info({ linkedProfiles }, "profiles linked to organisations");
  const storage = createStorage(env);
  if (env.XIETONG_DEMO) {
    const demo = await seedDemoAccounts(database.db, hashPassword);
    await seedDemoContent(database.db);
    await seedDemoAttachments(database.db, storage);
    const lines = demo.map((a) => `  ${a.role.padEnd(10)} ${a.email.padEnd(30)} ${a.password}`);
    process.stdout.write(`\nDemo accounts (demo mode only):\n${lines.join("\n")}\n\n${demoGuide()}\n\n`);
  }

  const metrics = createMetrics(() => database.poolStats());
  // Every transaction of the process, whatever deps it runs with: a deadlock or serialization retry is counted and logged, not silent.
  const reportRetries = reportTransactionRetries(metrics, logger);
  setTransactionRetryReporter(reportRetries);
  const httpServer = createServer();
  // Keep idle connections longer than a client or proxy waits before reusing one: with Node's 5 s, a
  // request sent just as the server closed its idle socket failed with ECONNRESET (seen in the e2e run).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const realtime = await createRealtime(httpServer, {
    db: database.db,
    outboxDb: database.priorityDb,
    visibleTo: (viewer, stream) => streamVisibleTo(database.db, viewer, stream),
    authSecret,
    logger,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    metrics,
  });
  const cacheLinks = env.REDIS_URL ? await linkProcessCaches(env.REDIS_URL, env.REDIS_PREFIX) : null;
  const rateLimitRedis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 }) : null;
  const rateLimits = rateLimitRedis
    ? createRedisRateLimitStore(rateLimitRedis, `${env.REDIS_PREFIX}:rl:`)
    : createMemoryRateLimitStore();
  const mail: MailSettings | null = env.SMTP_URL
    ? { baseUrl: process.env.NEXTAUTH_URL, from: env.MAIL_FROM, authSecret }
    : null;
  const background = createBackgroundWork();
  const runtime: Runtime = {
    database,
    publisher: realtime.publisher,
    background,
    realtime: realtime.kind,
    logger,
    version,
    demo: env.XIETONG_DEMO,
    inviteTtlHours: env.INVITE_TTL_HOURS,
    authSecret,
    rateLimits,
    mail,
    metrics,
    voteGroupCommit: env.VOTE_GROUP_COMMIT,
    storage,
    attachmentMaxBytes: Math.floor(env.ATTACHMENT_MAX_MB * 1024 * 1024),
  };
  setRuntime(runtime);

  const openDataDir = path.join(env.XIETONG_DATA_DIR, "open-data");
  const jobs = await startJobs({
    db: database.db,
    publisher: realtime.publisher,
    now: () => new Date(),
    mail,
    logger,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    authSecret,
    inviteTtlHours: env.INVITE_TTL_HOURS,
    openDataDir,
  });

  // Imported late: NODE_ENV must be final before Next loads, or a custom server starts the dev server.
  const pages =
    config.pages === false
      ? null
      : await (async () => {
          const { default: next } = await import("next");
          // Next listens for upgrades on the server it is given (for its dev reloads) and routed every
          // socket.io handshake through its router too: about a millisecond of CPU a connection.
          // It is given only the upgrades that are not socket.io's.
          const nextUpgrades = new EventEmitter();
          httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
            if (!req.url?.startsWith("/socket.io/")) nextUpgrades.emit("upgrade", req, socket, head);
          });
          const app = next({
            dev: !production,
            hostname: "localhost",
            port: env.PORT,
            httpServer: nextUpgrades as unknown as Server,
          });
          await app.prepare();
          return { handle: app.getRequestHandler(), close: () => app.close?.() };
        })();
  // The API does not pass through Next: the same router and context, served by tRPC's Node adapter.
  const handleApi = createTrpcHandler({
    router: appRouter,
    createContext: (req) => createRequestContext(req.headers),
    logger,
  });
  // The open-data API is served here too, outside the page renderer, reading as an anonymous visitor.
  const handleOpenData = createOpenDataHandler({
    deps: {
      db: database.db,
      publisher: realtime.publisher,
      now: () => new Date(),
      inviteTtlHours: env.INVITE_TTL_HOURS,
      rateLimits,
      background,
    },
    rateLimits,
    dumpsDir: openDataDir,
    version,
    logger,
  });
  // Public pages as a signed-out visitor sees them, kept until the database's snapshot moves.
  const pageCache = env.PAGE_CACHE
    ? createSignedOutPageCache({
        writeMark: () => databaseWriteMark(database.db),
        count: (result) => metrics.pageCache.inc({ result }),
      })
    : null;
  // JSON answers carry the same hardening headers; a CSP (and so a nonce) is for documents only.
  const apiHeaders = Object.entries(securityHeaders({ nonce: "", production, development: !production })).filter(
    ([name]) => name !== "Content-Security-Policy",
  );
  httpServer.on("request", (req, res) => {
    if (req.url?.startsWith("/socket.io/")) return;
    const requestId = assignRequestId(req, res);
    if (refuseRequest(req, res, { uploadLimitBytes: runtime.attachmentMaxBytes })) return;
    // Abuse limits key on the peer address; a client-sent header of this name is overwritten.
    req.headers["x-xietong-client-ip"] = req.socket.remoteAddress ?? "";
    if (req.url?.startsWith(trpcBasePath)) {
      for (const [name, value] of apiHeaders) res.setHeader(name, value);
      return handleApi(req, res);
    }
    if (req.url === apiBasePath || req.url?.startsWith(`${apiBasePath}/`)) {
      for (const [name, value] of apiHeaders) res.setHeader(name, value);
      return void handleOpenData(req, res);
    }
    if (!pages) {
      res.statusCode = 404;
      res.end();
      return;
    }
    // Pages and route handlers log their own failures (instrumentation.ts); any 5xx they did not is logged here.
    res.once("finish", () => logUnloggedFailure(logger, { requestId, route: req.url ?? "", status: res.statusCode }));
    // Next reads the nonce from the request's CSP header and puts it on every script it emits.
    const nonce = randomBytes(16).toString("base64");
    const headers: Record<string, string> = securityHeaders({ nonce, production, development: !production });
    req.headers["content-security-policy"] = headers["Content-Security-Policy"];
    if (isServedFileRoute(req.url ?? "/")) delete headers["Content-Security-Policy"];
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const pageKey = pageCache ? cacheablePageKey(req) : null;
    if (pageCache && pageKey) return void pageCache.serve(req, res, pageKey, nonce, () => void pages.handle(req, res));
    void pages.handle(req, res);
  });

  return {
    httpServer,
    runtime,
    async listen() {
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
      return port;
    },
    async close() {
      jobs.stop();
      // Before the database closes: a map recompute that votes asked for must not query a closed pool.
      await background.stop();
      await realtime.close();
      await cacheLinks?.close();
      await rateLimitRedis?.quit().catch(() => undefined);
      await pages?.close();
      if (httpServer.listening) {
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      }
      await database.close();
      setRuntime(undefined);
      // Unless a later app in this process (tests) has set its own.
      if (transactionRetryReporter() === reportRetries) setTransactionRetryReporter(undefined);
    },
  };
}

/**
 * Session cache and read cache (reference data) invalidations from this process reach the others, and
 * theirs reach this one: one channel each, on one pair of connections.
 */
async function linkProcessCaches(redisUrl: string, prefix: string): Promise<{ close(): Promise<void> }> {
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const subscriber = publisher.duplicate();
  setSessionCacheAnnouncer(
    await connectSessionCache(processSessionCache(), publisher, subscriber, `${prefix}:session-cache`),
  );
  setReadCacheAnnouncer(await connectReadCache(processReadCache(), publisher, subscriber, `${prefix}:read-cache`));
  return { close: async () => void (await Promise.all([publisher.quit(), subscriber.quit()]).catch(() => undefined)) };
}
