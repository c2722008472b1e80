import { z } from "zod";

/**
 * Opaque page cursors: clients pass back what they were given. A cursor that does not decode is a
 * bad request, never a crash or a silently different page.
 */
export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.infer<T> | null {
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
