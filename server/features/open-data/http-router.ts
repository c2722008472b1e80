import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createTranslator, type AbstractIntlMessages } from "next-intl";
import type { Logger } from "pino";
import { ZodError } from "zod";
import { catalogues } from "@/i18n/catalogue";
import { localeCookie, negotiateLocale } from "@/i18n/locale";
import { toFieldIssue } from "@/i18n/validation-messages";
import { AppError, toTrpcError } from "@/server/errors";
import { parseCookieHeader } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { logServerFailure } from "@/server/infra/observability/request-log";
import type { RateLimitStore } from "@/server/infra/rate-limit";
import { serverMessage } from "@/server/trpc/messages";
import type { Locale } from "@/shared/vocabulary";
import { anonymousReader, endpointRuns } from "./api-router";
import { findApiKey, touchApiKey } from "./api-keys";
import { apiLimits, endpointSpecs, type EndpointId } from "./contract";
import { listPublishedDumps, publishedDumpPath } from "./dumps";
import { apiBasePath, openApiDocument } from "./rules/openapi";
import { matchRoute, weakEtag } from "./rules/routing";

export interface OpenDataHttpOptions {
  deps: ServiceDeps;
  rateLimits: RateLimitStore;
  dumpsDir: string;
  version: string;
  logger: Logger;
}

const windowMs = 60_000;

/** Failures of the API's own (keys, limits, routes), worded in the open-data catalogue. */
type ApiReason = "API_KEY_INVALID" | "RATE_LIMITED" | "NO_SUCH_ENDPOINT" | "METHOD_NOT_ALLOWED";
class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly reason: ApiReason,
  ) {
    super(reason);
  }
}

function apiMessage(locale: Locale, reason: ApiReason): string {
  const t = createTranslator({ locale, messages: catalogues[locale] as AbstractIntlMessages });
  return t(`openData.api.errors.${reason}` as never);
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function presentedKey(req: IncomingMessage): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header(req, "authorization") ?? "");
  return bearer?.[1] ?? header(req, "x-api-key");
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Vary", "Accept-Language, Authorization, X-API-Key");
  if (status === 200) {
    const etag = weakEtag(createHash("sha256").update(text).digest("base64url"));
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", "no-cache");
    const match = header(req, "if-none-match");
    if (match && match.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*")) {
      res.statusCode = 304;
      res.end();
      return;
    }
  }
  res.statusCode = status;
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(req.method === "HEAD" ? undefined : text);
}

function errorBody(locale: Locale, error: unknown): { status: number; body: unknown } | null {
  if (error instanceof ApiFailure) {
    return {
      status: error.status,
      body: { error: { code: "API", reason: error.reason, message: apiMessage(locale, error.reason) } },
    };
  }
  if (error instanceof ZodError) {
    const fieldErrors = error.issues.map(toFieldIssue);
    return {
      status: 400,
      body: {
        error: {
          code: "BAD_REQUEST",
          reason: null,
          message: serverMessage(locale, { code: "BAD_REQUEST", reason: null, fieldErrors }),
        },
      },
    };
  }
  const trpc = error instanceof AppError ? toTrpcError(error) : error instanceof TRPCError ? error : null;
  if (!trpc || trpc.code === "INTERNAL_SERVER_ERROR") return null;
  const cause = trpc.cause instanceof AppError ? trpc.cause : null;
  const zod = trpc.cause instanceof ZodError ? trpc.cause.issues.map(toFieldIssue) : null;
  const reason = cause?.reason ?? null;
  return {
    status: getHTTPStatusCodeFromError(trpc),
    body: {
      error: { code: trpc.code, reason, message: serverMessage(locale, { code: trpc.code, reason, fieldErrors: zod }) },
    },
  };
}

/**
 * The open-data API, served by the Node server before Next (like tRPC): GET only, rate limited per key
 * or per address, a weak ETag on every answer and 304 when it matches, errors as JSON in the caller's
 * language.
 */
export function createOpenDataHandler(options: OpenDataHttpOptions) {
  const { deps, rateLimits } = options;
  const document = JSON.stringify(openApiDocument(options.version));
  const routes = (Object.entries(endpointSpecs) as [EndpointId | "listDumps", { path: string }][]).map(
    ([id, spec]) => ({ id, path: spec.path }),
  );

  async function limit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = presentedKey(req);
    let bucket: string;
    let perMinute: number;
    if (raw) {
      const key = await findApiKey(deps.db, raw);
      if (!key) throw new ApiFailure(401, "API_KEY_INVALID");
      await touchApiKey(deps.db, key.id, deps.now());
      bucket = `api:key:${key.id}`;
      perMinute = key.perMinute;
    } else {
      bucket = `api:ip:${header(req, "x-xietong-client-ip") ?? req.socket.remoteAddress ?? ""}`;
      perMinute = apiLimits.anonymousPerMinute;
    }
    const used = await rateLimits.hit(bucket, windowMs);
    res.setHeader("X-RateLimit-Limit", perMinute);
    res.setHeader("X-RateLimit-Remaining", Math.max(0, perMinute - used));
    if (used > perMinute) {
      res.setHeader("Retry-After", Math.ceil(windowMs / 1000));
      throw new ApiFailure(429, "RATE_LIMITED");
    }
  }

  async function serveDump(res: ServerResponse, fileName: string, head: boolean): Promise<boolean> {
    const file = await publishedDumpPath({ db: deps.db, dir: options.dumpsDir }, fileName);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info) return false;
    res.statusCode = 200;
    res.setHeader("Content-Type", "application/zip");
    res.setHeader("Content-Length", info.size);
    res.setHeader("Content-Disposition", `attachment; filename="${fileName}"`);
    res.setHeader("Cache-Control", "public, max-age=86400, immutable");
    if (head) res.end();
    else createReadStream(file).pipe(res);
    return true;
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cookies = parseCookieHeader(header(req, "cookie"));
    const locale = negotiateLocale(cookies.get(localeCookie), header(req, "accept-language"));
    res.setHeader("Access-Control-Allow-Origin", "*");
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.setHeader("Allow", "GET, HEAD");
        throw new ApiFailure(405, "METHOD_NOT_ALLOWED");
      }
      await limit(req, res);
      const url = new URL(req.url ?? "/", "http://localhost");
      const rest = url.pathname.slice(apiBasePath.length) || "/";
      if (rest === "/openapi.json") {
        res.setHeader("Content-Type", "application/json; charset=utf-8");
        return sendJson(req, res, 200, JSON.parse(document));
      }
      const dumpFile = /^\/dumps\/([^/]+)$/.exec(rest);
      if (dumpFile) {
        if (await serveDump(res, dumpFile[1]!, req.method === "HEAD")) return;
        throw new ApiFailure(404, "NO_SUCH_ENDPOINT");
      }
      const route = matchRoute(routes, rest);
      if (!route) throw new ApiFailure(404, "NO_SUCH_ENDPOINT");
      if (route.id === "listDumps") return sendJson(req, res, 200, { items: await listPublishedDumps(deps.db) });
      const query = Object.fromEntries(url.searchParams);
      const body = await endpointRuns[route.id](anonymousReader(deps, locale), route.params, query);
      return sendJson(req, res, 200, body);
    } catch (error) {
      const answer = errorBody(locale, error);
      if (answer) return sendJson(req, res, answer.status, answer.body);
      logServerFailure(options.logger, {
        requestId: header(req, "x-request-id") ?? "",
        procedure: `GET ${req.url ?? ""}`,
        type: "query",
        userId: null,
        error,
      });
      if (!res.headersSent) {
        sendJson(req, res, 500, {
          error: {
            code: "INTERNAL_SERVER_ERROR",
            reason: null,
            message: serverMessage(locale, { code: "INTERNAL_SERVER_ERROR", reason: null, fieldErrors: null }),
          },
        });
      }
    }
  };
}
