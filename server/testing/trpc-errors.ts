import { getTRPCErrorShape, TRPCError, type TRPCProcedureType } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { AppError, type AppErrorReason } from "../errors";
import { appRouter } from "../trpc/root";

export interface CallFailure {
  code: TRPCError["code"];
  httpStatus: number;
  /** The AppError reason when a service refused, null when a procedure or zod did. */
  reason: AppErrorReason | null;
  error: TRPCError;
}

/** Awaits a caller promise that must reject with a TRPCError; anything else fails the test. */
export async function callFailure(promise: Promise<unknown>): Promise<CallFailure> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return {
      code: error.code,
      httpStatus: getHTTPStatusCodeFromError(error),
      reason: error.cause instanceof AppError ? error.cause.reason : null,
      error,
    };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** What a client receives for this error: the router's own error formatter applied, as over HTTP. */
export function clientErrorShape(error: TRPCError, path: string, type: TRPCProcedureType, input: unknown) {
  return getTRPCErrorShape({ config: appRouter._def._config, error, type, path, input, ctx: undefined });
}
