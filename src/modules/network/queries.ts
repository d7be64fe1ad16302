import { asc, eq, max } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { clusters, districts, figures } from './schema'

export const selectClusters = (db: Db) => db.select().from(clusters).orderBy(asc(clusters.position))

export const selectCluster = async (db: Db, id: string) =>
  (await db.select().from(clusters).where(eq(clusters.id, id)))[0]

export const selectDistricts = (db: Db, clusterId?: string) =>
  db
    .select()
    .from(districts)
    .where(clusterId ? eq(districts.clusterId, clusterId) : undefined)
    .orderBy(asc(districts.name))

export const selectFigures = (db: Db) => db.select().from(figures).orderBy(asc(figures.id))

export async function upsertCluster(db: Db, row: typeof clusters.$inferInsert) {
  const { contactActorId: _keep, ...set } = row
  await db.insert(clusters).values(row).onConflictDoUpdate({ target: clusters.id, set })
}

export async function upsertDistrict(db: Db, row: typeof districts.$inferInsert) {
  await db.insert(districts).values(row).onConflictDoUpdate({ target: districts.id, set: row })
}

export async function upsertFigure(db: Db, row: typeof figures.$inferInsert) {
  await db.insert(figures).values(row).onConflictDoUpdate({ target: figures.id, set: row })
}

export async function updateContactActor(db: Db, clusterId: string, actorId: number) {
  await db.update(clusters).set({ contactActorId: actorId }).where(eq(clusters.id, clusterId))
}

/** Inserts a new cluster at the end of the list; false when the id is taken. */
export async function insertCluster(db: Db, row: Omit<typeof clusters.$inferInsert, 'position'>) {
  const [{ last }] = await db.select({ last: max(clusters.position) }).from(clusters)
  const inserted = await db
    .insert(clusters)
    .values({ ...row, position: (last ?? -1) + 1 })
    .onConflictDoNothing()
    .returning({ id: clusters.id })
  return inserted.length > 0
}
