import type { IncomingMessage, ServerResponse } from "node:http";
import {
  checkApiMutation,
  checkRequestBody,
  checkSameSite,
  isCookieMutationRoute,
  isUploadRoute,
  maxRequestBodyBytes,
} from "@/server/domain/http-security";

/**
 * What every HTTP request passes before Next sees it: a body size bound, and for cookie-authenticated
 * API writes the same-site check, keyed on the normalised path so no spelling of the route slips by.
 * Returns true when it has answered the request itself.
 */
export function refuseRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: { uploadLimitBytes?: number } = {},
): boolean {
  const upload = req.method === "POST" && isUploadRoute(req.url ?? "/");
  // An upload may be as large as one attachment (the route streams it to disk and counts again).
  const body = checkRequestBody(
    { contentLength: req.headers["content-length"], transferEncoding: req.headers["transfer-encoding"] },
    upload ? Math.max(maxRequestBodyBytes, options.uploadLimitBytes ?? 0) : maxRequestBodyBytes,
  );
  if (!body.ok) return answer(req, res, body.status, body.message);
  if (upload) {
    const verdict = checkSameSite({
      host: req.headers.host,
      origin: req.headers.origin,
      secFetchSite: header(req.headers["sec-fetch-site"]),
    });
    if (!verdict.ok) return answer(req, res, verdict.status, verdict.message);
  }
  if (isCookieMutationRoute(req.url ?? "/")) {
    const verdict = checkApiMutation({
      method: req.method ?? "GET",
      host: req.headers.host,
      origin: req.headers.origin,
      secFetchSite: header(req.headers["sec-fetch-site"]),
      contentType: req.headers["content-type"],
    });
    if (!verdict.ok) return answer(req, res, verdict.status, verdict.message);
  }
  return false;
}

function answer(req: IncomingMessage, res: ServerResponse, status: number, message: string): true {
  // The unread body is not waited for: the connection closes after the answer.
  const body = JSON.stringify({ error: { message } });
  res
    .writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      connection: "close",
    })
    .end(body);
  req.resume();
  return true;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
