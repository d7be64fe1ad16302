import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'
import {
  clusterManagers,
  type MembershipStatus,
  memberImports,
  membershipEvents,
  memberships,
  networkApplications,
} from './schema'

export type MembershipRow = typeof memberships.$inferSelect
export type NetworkApplicationRow = typeof networkApplications.$inferSelect
export type MemberImportRow = typeof memberImports.$inferSelect

export const selectManagedClusters = (db: Db, userId: string) =>
  db
    .select({ clusterId: clusterManagers.clusterId })
    .from(clusterManagers)
    .where(eq(clusterManagers.userId, userId))

// ---- memberships ---------------------------------------------------------------------------
// Lists join the directory's actors for their names: a cluster may have thousands of members, and one
// sorted statement is what a page of them needs.

export const selectMembership = async (db: Db, actorId: number, clusterId: string) =>
  (
    await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.actorId, actorId), eq(memberships.clusterId, clusterId)))
  )[0]

export const selectMembershipsOfActors = (db: Db, actorIds: number[]) =>
  actorIds.length
    ? db.select().from(memberships).where(inArray(memberships.actorId, actorIds))
    : Promise.resolve([])

export async function insertMembership(db: Db, values: typeof memberships.$inferInsert) {
  const [row] = await db.insert(memberships).values(values).returning()
  return row
}

export async function updateMembership(
  db: Db,
  id: number,
  values: Partial<Pick<MembershipRow, 'status' | 'motivation' | 'appliedBy'>>,
) {
  const [row] = await db
    .update(memberships)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(memberships.id, id))
    .returning()
  return row
}

export const insertMembershipEvents = (db: Db, values: (typeof membershipEvents.$inferInsert)[]) =>
  values.length ? db.insert(membershipEvents).values(values) : Promise.resolve()

const listedMembership = {
  id: memberships.id,
  status: memberships.status,
  motivation: memberships.motivation,
  createdAt: memberships.createdAt,
  updatedAt: memberships.updatedAt,
  actorId: actors.id,
  slug: actors.slug,
  name: actors.name,
  kind: actors.kind,
  memberSince: actors.memberSince,
  applicant: users.name,
}

export type ListedMembership = Awaited<ReturnType<typeof selectMemberships>>[number]

export const selectMemberships = (db: Db, clusterId: string, statuses: MembershipStatus[]) =>
  db
    .select(listedMembership)
    .from(memberships)
    .innerJoin(actors, eq(actors.id, memberships.actorId))
    .leftJoin(users, eq(users.id, memberships.appliedBy))
    .where(and(eq(memberships.clusterId, clusterId), inArray(memberships.status, statuses)))
    .orderBy(asc(actors.nameNorm), asc(actors.id))

export const selectMembershipOfSlug = async (db: Db, clusterId: string, slug: string) =>
  (
    await db
      .select(listedMembership)
      .from(memberships)
      .innerJoin(actors, eq(actors.id, memberships.actorId))
      .leftJoin(users, eq(users.id, memberships.appliedBy))
      .where(and(eq(memberships.clusterId, clusterId), eq(actors.slug, slug)))
  )[0]

export const selectMembershipEvents = (db: Db, membershipId: number) =>
  db
    .select({
      status: membershipEvents.status,
      reason: membershipEvents.reason,
      at: membershipEvents.at,
      by: users.name,
    })
    .from(membershipEvents)
    .leftJoin(users, eq(users.id, membershipEvents.userId))
    .where(eq(membershipEvents.membershipId, membershipId))
    .orderBy(desc(membershipEvents.at), desc(membershipEvents.id))

/** The members with the directory fields an export carries: every field the import reads. */
export const selectMembersForExport = (db: Db, clusterId: string) =>
  db
    .select({
      status: memberships.status,
      id: actors.id,
      slug: actors.slug,
      name: actors.name,
      kind: actors.kind,
      clusterId: actors.clusterId,
      districtId: actors.districtId,
      address: actors.address,
      lat: actors.lat,
      lon: actors.lon,
      sectors: actors.sectors,
      offers: actors.offers,
      needs: actors.needs,
      languages: actors.languages,
      sizeBand: actors.sizeBand,
      employees: actors.employees,
      foundedYear: actors.foundedYear,
      website: actors.website,
      email: actors.email,
      description: actors.description,
      originalLanguage: actors.originalLanguage,
      visibility: actors.visibility,
      memberSince: actors.memberSince,
    })
    .from(memberships)
    .innerJoin(actors, eq(actors.id, memberships.actorId))
    .where(and(eq(memberships.clusterId, clusterId), inArray(memberships.status, ['member', 'suspended'])))
    .orderBy(asc(actors.nameNorm), asc(actors.id))

export const selectApplicationsOfPerson = (db: Db, userId: string) =>
  db
    .select({
      organisation: actors.name,
      clusterId: memberships.clusterId,
      status: memberships.status,
      motivation: memberships.motivation,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(actors, eq(actors.id, memberships.actorId))
    .where(eq(memberships.appliedBy, userId))

// ---- cluster managers ----------------------------------------------------------------------

export const selectClusterManagers = (db: Db, clusterId: string) =>
  db
    .select({ userId: users.id, name: users.name, email: users.email, since: clusterManagers.createdAt })
    .from(clusterManagers)
    .innerJoin(users, eq(users.id, clusterManagers.userId))
    .where(eq(clusterManagers.clusterId, clusterId))
    .orderBy(asc(users.name))

export async function insertClusterManager(db: Db, clusterId: string, userId: string) {
  const inserted = await db
    .insert(clusterManagers)
    .values({ clusterId, userId })
    .onConflictDoNothing()
    .returning({ userId: clusterManagers.userId })
  return inserted.length > 0
}

export async function deleteClusterManager(db: Db, clusterId: string, userId: string) {
  const deleted = await db
    .delete(clusterManagers)
    .where(and(eq(clusterManagers.clusterId, clusterId), eq(clusterManagers.userId, userId)))
    .returning({ userId: clusterManagers.userId })
  return deleted.length > 0
}

export const selectManagedClustersWithDates = (db: Db, userId: string) =>
  db
    .select({ clusterId: clusterManagers.clusterId, since: clusterManagers.createdAt })
    .from(clusterManagers)
    .where(eq(clusterManagers.userId, userId))

// ---- network applications ------------------------------------------------------------------

export async function insertNetworkApplication(db: Db, values: typeof networkApplications.$inferInsert) {
  const [row] = await db.insert(networkApplications).values(values).returning()
  return row
}

export const selectNetworkApplications = (db: Db) =>
  db
    .select({ application: networkApplications, applicant: { name: users.name, email: users.email } })
    .from(networkApplications)
    .innerJoin(users, eq(users.id, networkApplications.userId))
    .orderBy(
      sql`${networkApplications.status} = 'pending' DESC`,
      desc(networkApplications.createdAt),
      desc(networkApplications.id),
    )
    .limit(200)

export const selectNetworkApplication = async (db: Db, id: number) =>
  (await db.select().from(networkApplications).where(eq(networkApplications.id, id)))[0]

export async function updateNetworkApplication(
  db: Db,
  id: number,
  values: Partial<Pick<NetworkApplicationRow, 'status' | 'reason' | 'clusterId' | 'decidedAt'>>,
) {
  const [row] = await db
    .update(networkApplications)
    .set(values)
    .where(eq(networkApplications.id, id))
    .returning()
  return row
}

export const selectNetworkApplicationsOfPerson = (db: Db, userId: string) =>
  db
    .select({
      organisationName: networkApplications.organisationName,
      city: networkApplications.city,
      country: networkApplications.country,
      motivation: networkApplications.motivation,
      status: networkApplications.status,
      reason: networkApplications.reason,
      createdAt: networkApplications.createdAt,
    })
    .from(networkApplications)
    .where(eq(networkApplications.userId, userId))

// ---- member imports ------------------------------------------------------------------------

export async function insertMemberImport(db: Db, values: typeof memberImports.$inferInsert) {
  const [row] = await db.insert(memberImports).values(values).returning({ id: memberImports.id })
  return row.id
}

export const selectMemberImport = async (db: Db, id: number) =>
  (await db.select().from(memberImports).where(eq(memberImports.id, id)))[0]

/** Moves an import from one state to the next; false when it was not in the expected state any more. */
export async function updateMemberImport(
  db: Db,
  id: number,
  expected: MemberImportRow['status'][],
  values: Partial<Pick<MemberImportRow, 'status' | 'processed' | 'report' | 'finishedAt'>>,
) {
  const updated = await db
    .update(memberImports)
    .set(values)
    .where(and(eq(memberImports.id, id), inArray(memberImports.status, expected)))
    .returning({ id: memberImports.id })
  return updated.length > 0
}

// ---- demo data -----------------------------------------------------------------------------

/** Every actor with what the demo needs to choose members: its city, whether it founded the network, when it joined. */
export const selectDemoCandidates = (db: Db) =>
  db
    .select({
      id: actors.id,
      clusterId: actors.clusterId,
      foundingPartner: actors.foundingPartner,
      createdAt: actors.createdAt,
    })
    .from(actors)
    .orderBy(asc(actors.id))

export async function insertClusterManagers(db: Db, values: (typeof clusterManagers.$inferInsert)[]) {
  if (values.length) await db.insert(clusterManagers).values(values)
}

export const insertMemberships = (db: Db, values: (typeof memberships.$inferInsert)[]) =>
  db.insert(memberships).values(values).returning({ id: memberships.id, actorId: memberships.actorId })
