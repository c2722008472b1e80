import { eq } from "drizzle-orm";
import type { z } from "zod";
import { clusters, regions } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type {
  addClusterInput,
  addRegionInput,
  renameClusterInput,
  renameRegionInput,
  retireClusterInput,
  retireRegionInput,
} from "./contract";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { streamKey } from "@/server/domain/stream-access";
import { dropCachedRegions, readListedClusters } from "@/server/features/reference";
import type { Tx } from "@/db/client";
import { lockStreamHead, transact, type Emit } from "@/server/infra/transact";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { onTheWire } from "@/shared/on-the-wire";

/**
 * Regions and clusters are added, renamed (in both languages) and retired, never deleted: history
 * (comments, projects, votes) points at them. Every change is audited and announced on `admin`, and
 * drops the cached regions after its commit, in every process.
 */
export function addCluster(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof addClusterInput>) {
  return answeredWithCluster(deps, addClusterChange(deps, actor, input), (row) => row.id);
}

async function addClusterChange(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof addClusterInput>) {
  return transact(deps, async (tx, emit) => {
    const [row] = await tx.insert(clusters).values(input).onConflictDoNothing({ target: clusters.code }).returning();
    if (!row) throw new AppError("CODE_TAKEN", `A cluster with the code "${input.code}" already exists`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "cluster.add",
      targetType: "cluster",
      targetId: row.id,
      after: { code: row.code, nameZh: row.nameZh, nameEn: row.nameEn },
    });
    await announce(tx, emit, { clusterId: row.id }, row.id);
    emit.afterCommit(() => dropCachedRegions(deps));
    return row;
  });
}

export function renameCluster(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof renameClusterInput>) {
  return answeredWithCluster(deps, renameClusterChange(deps, actor, input), (row) => row.id);
}

async function renameClusterChange(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof renameClusterInput>) {
  return transact(deps, async (tx, emit) => {
    const [cluster] = await tx.select().from(clusters).where(eq(clusters.id, input.clusterId)).for("update");
    if (!cluster) throw new AppError("CLUSTER_NOT_FOUND", "That cluster does not exist");
    if (cluster.nameZh === input.nameZh && cluster.nameEn === input.nameEn)
      throw new AppError("NOTHING_TO_RESOLVE", "The names are unchanged");
    const [row] = await tx
      .update(clusters)
      .set({ nameZh: input.nameZh, nameEn: input.nameEn })
      .where(eq(clusters.id, cluster.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "cluster.rename",
      targetType: "cluster",
      targetId: cluster.id,
      before: { nameZh: cluster.nameZh, nameEn: cluster.nameEn },
      after: { nameZh: input.nameZh, nameEn: input.nameEn },
    });
    await announce(tx, emit, { clusterId: cluster.id }, cluster.id);
    emit.afterCommit(() => dropCachedRegions(deps));
    return row!;
  });
}

export function setClusterRetired(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof retireClusterInput>) {
  return answeredWithCluster(deps, setClusterRetiredChange(deps, actor, input), (row) => row.id);
}

async function setClusterRetiredChange(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.output<typeof retireClusterInput>,
) {
  return transact(deps, async (tx, emit) => {
    const [cluster] = await tx.select().from(clusters).where(eq(clusters.id, input.clusterId)).for("update");
    if (!cluster) throw new AppError("CLUSTER_NOT_FOUND", "That cluster does not exist");
    if (Boolean(cluster.retiredAt) === input.retired)
      throw new AppError(
        "NOTHING_TO_RESOLVE",
        input.retired ? "That cluster is already retired" : "That cluster is not retired",
      );
    const [row] = await tx
      .update(clusters)
      .set({ retiredAt: input.retired ? deps.now() : null })
      .where(eq(clusters.id, cluster.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: input.retired ? "cluster.retire" : "cluster.reinstate",
      targetType: "cluster",
      targetId: cluster.id,
      before: { retired: !input.retired },
      after: { retired: input.retired },
    });
    await announce(tx, emit, { clusterId: cluster.id }, cluster.id);
    emit.afterCommit(() => dropCachedRegions(deps));
    return row!;
  });
}

export function addRegion(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof addRegionInput>) {
  return answeredWithCluster(deps, addRegionChange(deps, actor, input), (row) => row.clusterId);
}

async function addRegionChange(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof addRegionInput>) {
  return transact(deps, async (tx, emit) => {
    const [cluster] = await tx.select().from(clusters).where(eq(clusters.id, input.clusterId));
    if (!cluster) throw new AppError("CLUSTER_NOT_FOUND", "That cluster does not exist");
    if (cluster.retiredAt) throw new AppError("CLUSTER_RETIRED", "That cluster has been retired; choose another");
    const [row] = await tx.insert(regions).values(input).onConflictDoNothing({ target: regions.code }).returning();
    if (!row) throw new AppError("CODE_TAKEN", `A region with the code "${input.code}" already exists`);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "region.add",
      targetType: "region",
      targetId: row.id,
      after: { code: row.code, clusterId: row.clusterId, nameZh: row.nameZh, nameEn: row.nameEn },
    });
    await announce(tx, emit, { regionId: row.id }, row.clusterId);
    emit.afterCommit(() => dropCachedRegions(deps));
    return row;
  });
}

export function renameRegion(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof renameRegionInput>) {
  return answeredWithCluster(deps, renameRegionChange(deps, actor, input), (row) => row.clusterId);
}

async function renameRegionChange(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof renameRegionInput>) {
  return transact(deps, async (tx, emit) => {
    const [region] = await tx.select().from(regions).where(eq(regions.id, input.regionId)).for("update");
    if (!region) throw new AppError("REGION_NOT_FOUND", "That region does not exist");
    if (region.nameZh === input.nameZh && region.nameEn === input.nameEn)
      throw new AppError("NOTHING_TO_RESOLVE", "The names are unchanged");
    const [row] = await tx
      .update(regions)
      .set({ nameZh: input.nameZh, nameEn: input.nameEn })
      .where(eq(regions.id, region.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "region.rename",
      targetType: "region",
      targetId: region.id,
      before: { nameZh: region.nameZh, nameEn: region.nameEn },
      after: { nameZh: input.nameZh, nameEn: input.nameEn },
    });
    await announce(tx, emit, { regionId: region.id }, region.clusterId);
    emit.afterCommit(() => dropCachedRegions(deps));
    return row!;
  });
}

export function setRegionRetired(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof retireRegionInput>) {
  return answeredWithCluster(deps, setRegionRetiredChange(deps, actor, input), (row) => row.clusterId);
}

async function setRegionRetiredChange(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.output<typeof retireRegionInput>,
) {
  return transact(deps, async (tx, emit) => {
    const [region] = await tx.select().from(regions).where(eq(regions.id, input.regionId)).for("update");
    if (!region) throw new AppError("REGION_NOT_FOUND", "That region does not exist");
    if (Boolean(region.retiredAt) === input.retired)
      throw new AppError(
        "NOTHING_TO_RESOLVE",
        input.retired ? "That region is already retired" : "That region is not retired",
      );
    const [row] = await tx
      .update(regions)
      .set({ retiredAt: input.retired ? deps.now() : null })
      .where(eq(regions.id, region.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: input.retired ? "region.retire" : "region.reinstate",
      targetType: "region",
      targetId: region.id,
      before: { retired: !input.retired },
      after: { retired: input.retired },
    });
    await announce(tx, emit, { regionId: region.id }, region.clusterId);
    emit.afterCommit(() => dropCachedRegions(deps));
    return row!;
  });
}

const adminStream = streamKey({ kind: "admin" });

/** Every cluster with its regions, retired ones too, read with the admin stream's head (not from the cache). */
export function listRegionsAtHead(deps: Pick<ServiceDeps, "db">) {
  return readAtStreamHead(deps.db, adminStream, async (db) => ({ clusters: await readListedClusters(db) }));
}

/**
 * Tells the admin stream of a change with the cluster's list entry. The stream's head is taken first,
 * so a change committed before ours (a region added to the same cluster) is in the entry we read, and
 * the entry at each seq holds every change up to it.
 */
async function announce(tx: Tx, emit: Emit, changed: { clusterId?: number; regionId?: number }, clusterId: number) {
  await lockStreamHead(tx, adminStream);
  const [cluster] = await readListedClusters(tx, clusterId);
  await emit(adminStream, "regions:changed", { ...changed, cluster: cluster && onTheWire(cluster) });
}

/** A change answered with its cluster's entry read after commit, with the admin stream's head: the panel sets it. */
async function answeredWithCluster<T>(deps: ServiceDeps, change: Promise<T>, clusterOf: (row: T) => number) {
  const row = await change;
  return readAtStreamHead(deps.db, adminStream, async (db) => {
    const [cluster] = await readListedClusters(db, clusterOf(row));
    return { ...row, cluster: cluster ?? null };
  });
}
