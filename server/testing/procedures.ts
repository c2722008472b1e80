/** A procedure of a tRPC caller by its dotted path ("ballots.plans.propose"), for tests that walk the whole router. */
export type Callable = (input?: unknown) => Promise<unknown>;

export function procedureAt(caller: unknown, path: string): Callable {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as Callable;
}
