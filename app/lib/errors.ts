import { TRPCClientError } from "@trpc/client";

interface ErrorData {
  code?: string;
  httpStatus?: number;
  reason?: string | null;
  /** Validation problems by field; app/lib/server-errors.ts words them in the reader's language. */
  fieldErrors?: { field: string; code: string; params: Record<string, string | number> }[] | null;
  /** Set on server failures: the id the server logged them under. */
  requestId?: string | null;
}

export function errorData(error: unknown): ErrorData | null {
  if (error instanceof TRPCClientError) return (error.data as ErrorData | undefined) ?? null;
  return null;
}

export function isClientError(error: unknown): boolean {
  const status = errorData(error)?.httpStatus;
  return status !== undefined && status >= 400 && status < 500;
}

type Translate = (key: string, values?: Record<string, string>) => string;

/**
 * A readable message in the reader's language: a known reason or code from the catalogue, else the
 * server's own message (already written for people), else a generic line.
 */
export function describeError(error: unknown, t: Translate & { has: (key: string) => boolean }): string {
  const data = errorData(error);
  if (data?.reason && t.has(`reasons.${data.reason}`)) return t(`reasons.${data.reason}`);
  if (data?.code === "BAD_REQUEST" && error instanceof Error && error.message)
    return `${t("codes.BAD_REQUEST")} ${error.message}`;
  // A failure of ours carries the reference that finds its line in the server log.
  if (data?.requestId)
    return `${t(data.code && t.has(`codes.${data.code}`) ? `codes.${data.code}` : "unknown")} ${t("reference", { id: data.requestId })}`;
  if (data?.code && t.has(`codes.${data.code}`)) return t(`codes.${data.code}`);
  if (error instanceof TRPCClientError && !data) return t("network");
  return t("unknown");
}
