import { TRPCError } from "@trpc/server";

/**
 * Expected failures carry a stable code (for tests and clients) and a readable message. They are
 * mapped once to tRPC codes here; anything else is an unexpected fault and is hidden from clients.
 */
export const appErrorCodes = {
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_REQUEST: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
} as const;
export type TrpcCode = keyof typeof appErrorCodes;

export type AppErrorReason =
  | "INVITE_NOT_FOUND"
  | "INVITE_EXPIRED"
  | "INVITE_USED"
  | "INVITE_REVOKED"
  | "EMAIL_TAKEN"
  | "REGION_NOT_FOUND"
  | "REGION_RETIRED"
  | "ACCOUNT_NOT_FOUND"
  | "WRONG_PASSWORD"
  | "NOT_SIGNED_IN"
  | "ROLE_REQUIRED"
  | "NOT_FOUND"
  | "BAD_CURSOR"
  | "FORUM_ARCHIVED"
  | "THREAD_LOCKED"
  | "THREAD_CLOSED"
  | "RATE_LIMITED"
  | "NOT_AUTHOR"
  | "COMMENT_WITHDRAWN"
  | "COMMENT_UNAVAILABLE"
  | "BAD_PARENT"
  | "BAD_MEASURE"
  | "SLUG_TAKEN";

const reasonToCode: Record<AppErrorReason, TrpcCode> = {
  INVITE_NOT_FOUND: "NOT_FOUND",
  INVITE_EXPIRED: "BAD_REQUEST",
  INVITE_USED: "CONFLICT",
  INVITE_REVOKED: "BAD_REQUEST",
  EMAIL_TAKEN: "CONFLICT",
  REGION_NOT_FOUND: "NOT_FOUND",
  REGION_RETIRED: "BAD_REQUEST",
  ACCOUNT_NOT_FOUND: "NOT_FOUND",
  WRONG_PASSWORD: "UNAUTHORIZED",
  NOT_SIGNED_IN: "UNAUTHORIZED",
  ROLE_REQUIRED: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_CURSOR: "BAD_REQUEST",
  FORUM_ARCHIVED: "PRECONDITION_FAILED",
  THREAD_LOCKED: "PRECONDITION_FAILED",
  THREAD_CLOSED: "PRECONDITION_FAILED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  NOT_AUTHOR: "FORBIDDEN",
  COMMENT_WITHDRAWN: "PRECONDITION_FAILED",
  COMMENT_UNAVAILABLE: "PRECONDITION_FAILED",
  BAD_PARENT: "BAD_REQUEST",
  BAD_MEASURE: "BAD_REQUEST",
  SLUG_TAKEN: "CONFLICT",
};

export class AppError extends Error {
  constructor(
    readonly reason: AppErrorReason,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  get code(): TrpcCode {
    return reasonToCode[this.reason];
  }
}

export function toTrpcError(error: AppError): TRPCError {
  return new TRPCError({ code: error.code, message: error.message, cause: error });
}
