import { eq } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { clusterManagers } from './schema'

export const selectManagedClusters = (db: Db, userId: string) =>
  db
    .select({ clusterId: clusterManagers.clusterId })
    .from(clusterManagers)
    .where(eq(clusterManagers.userId, userId))
