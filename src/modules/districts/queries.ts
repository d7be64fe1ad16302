import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { clusters, districts } from '../network/schema'
import { districtMilestones, districtRenewal } from './schema'

const districtColumns = {
  district: districts,
  status: districtRenewal.status,
  boundary: districtRenewal.boundary,
  editedDescription: districtRenewal.description,
  updatedAt: districtRenewal.updatedAt,
  cityName: clusters.cityName,
  cityLat: clusters.lat,
  cityLon: clusters.lon,
}

/** Districts with their renewal row (if any) and their city, by name. */
export const selectDistrictViews = (db: Db, filter: { ids?: string[]; clusterId?: string } = {}) =>
  db
    .select(districtColumns)
    .from(districts)
    .innerJoin(clusters, eq(clusters.id, districts.clusterId))
    .leftJoin(districtRenewal, eq(districtRenewal.districtId, districts.id))
    .where(
      and(
        filter.ids ? inArray(districts.id, filter.ids) : undefined,
        filter.clusterId ? eq(districts.clusterId, filter.clusterId) : undefined,
      ),
    )
    .orderBy(asc(clusters.position), asc(districts.name))

export const selectRenewal = async (db: Db, districtId: string) =>
  (await db.select().from(districtRenewal).where(eq(districtRenewal.districtId, districtId)))[0]

export async function upsertRenewal(db: Db, row: typeof districtRenewal.$inferInsert) {
  const { districtId: _key, ...set } = row
  await db
    .insert(districtRenewal)
    .values(row)
    .onConflictDoUpdate({ target: districtRenewal.districtId, set: { ...set, updatedAt: new Date() } })
}

export type MilestoneRow = typeof districtMilestones.$inferSelect

export const selectMilestones = (db: Db, districtId: string) =>
  db
    .select()
    .from(districtMilestones)
    .where(eq(districtMilestones.districtId, districtId))
    .orderBy(asc(districtMilestones.happenedOn), asc(districtMilestones.id))

export const selectMilestone = async (db: Db, districtId: string, id: number) =>
  (
    await db
      .select()
      .from(districtMilestones)
      .where(and(eq(districtMilestones.districtId, districtId), eq(districtMilestones.id, id)))
  )[0]

export const insertMilestones = (db: Db, rows: (typeof districtMilestones.$inferInsert)[]) =>
  db.insert(districtMilestones).values(rows).returning()

export const updateMilestoneRow = async (
  db: Db,
  id: number,
  values: Partial<Omit<typeof districtMilestones.$inferInsert, 'id' | 'districtId'>>,
) => (await db.update(districtMilestones).set(values).where(eq(districtMilestones.id, id)).returning())[0]

export const deleteMilestoneRow = (db: Db, id: number) =>
  db.delete(districtMilestones).where(eq(districtMilestones.id, id))
