import type { ServiceDeps } from "@/server/infra/deps";
import { processReadCache } from "@/server/infra/read-cache";
import { referenceKeys } from "./reference";

export { readListedClusters } from "./reference";

/**
 * Call after a change to clusters or regions has committed (`emit.afterCommit`): the next read of them,
 * in this process and (through Redis) in every other, reads the database again.
 */
export function dropCachedRegions(deps: Pick<ServiceDeps, "readCache">): void {
  (deps.readCache ?? processReadCache()).invalidate(referenceKeys.regions);
}
