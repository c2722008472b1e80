/** drizzle wraps driver errors ("Failed query: …"); the database's own message is in `cause`. */
export async function failureText(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const parts: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) parts.push(e.message);
    return parts.join(" <- ");
  }
  throw new Error("expected the operation to fail, but it succeeded");
}
