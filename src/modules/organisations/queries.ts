import { and, asc, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'
import { type ClaimStatus, type OrgRole, orgClaims, orgInvitations, orgPeople } from './schema'

// People's names and addresses come from the accounts' users table and an organisation's name and city
// from actors: joins that read, never write, across the modules.

export const selectRolesOfPerson = (db: Db, userId: string) =>
  db
    .select({ actorId: orgPeople.actorId, role: orgPeople.role })
    .from(orgPeople)
    .where(eq(orgPeople.userId, userId))

export const selectOrganisationsOfPerson = (db: Db, userId: string) =>
  db
    .select({
      actorId: orgPeople.actorId,
      slug: actors.slug,
      name: actors.name,
      clusterId: actors.clusterId,
      role: orgPeople.role,
      since: orgPeople.createdAt,
    })
    .from(orgPeople)
    .innerJoin(actors, eq(actors.id, orgPeople.actorId))
    .where(eq(orgPeople.userId, userId))
    .orderBy(asc(actors.name))

/** The people of an organisation, longest-standing first. */
export const selectPeople = (db: Db, actorId: number) =>
  db
    .select({
      userId: orgPeople.userId,
      name: users.name,
      email: users.email,
      locale: users.locale,
      role: orgPeople.role,
      since: orgPeople.createdAt,
    })
    .from(orgPeople)
    .innerJoin(users, eq(users.id, orgPeople.userId))
    .where(eq(orgPeople.actorId, actorId))
    .orderBy(asc(orgPeople.createdAt), asc(orgPeople.userId))

export async function selectRole(db: Db, actorId: number, userId: string): Promise<OrgRole | undefined> {
  const [found] = await db
    .select({ role: orgPeople.role })
    .from(orgPeople)
    .where(and(eq(orgPeople.actorId, actorId), eq(orgPeople.userId, userId)))
  return found?.role
}

export async function insertOrgPerson(db: Db, actorId: number, userId: string, role: OrgRole) {
  await db.insert(orgPeople).values({ actorId, userId, role })
}

export async function updateOrgRole(db: Db, actorId: number, userId: string, role: OrgRole) {
  await db
    .update(orgPeople)
    .set({ role })
    .where(and(eq(orgPeople.actorId, actorId), eq(orgPeople.userId, userId)))
}

export async function deleteOrgPerson(db: Db, actorId: number, userId: string) {
  await db.delete(orgPeople).where(and(eq(orgPeople.actorId, actorId), eq(orgPeople.userId, userId)))
}

// ---- invitations ---------------------------------------------------------------------------

export async function insertInvitation(db: Db, values: typeof orgInvitations.$inferInsert) {
  const [row] = await db.insert(orgInvitations).values(values).returning()
  return row
}

/**
 * Holds, until the transaction ends, the right to change the invitations of one address to one organisation,
 * so that two invitations sent at once still leave one open invitation.
 */
export async function lockInvitationsTo(db: Db, actorId: number, email: string) {
  await db.execute(
    sql`SELECT pg_advisory_xact_lock(hashtext(${`org_invitation:${actorId}:${email.toLowerCase()}`}))`,
  )
}

/** The invitation of an address to an organisation that is not accepted yet (open or expired), if any. */
export async function selectUnacceptedInvitation(db: Db, actorId: number, email: string) {
  const [row] = await db
    .select({ id: orgInvitations.id, role: orgInvitations.role })
    .from(orgInvitations)
    .where(
      and(
        eq(orgInvitations.actorId, actorId),
        sql`lower(${orgInvitations.email}) = lower(${email})`,
        isNull(orgInvitations.acceptedAt),
      ),
    )
    .orderBy(desc(orgInvitations.id))
    .limit(1)
  return row
}

/** Sends an invitation again: a new token, role, inviter and expiry, as if it were sent now. */
export async function renewInvitation(
  db: Db,
  id: number,
  values: Pick<typeof orgInvitations.$inferInsert, 'role' | 'tokenHash' | 'invitedBy' | 'expiresAt'>,
) {
  const [row] = await db
    .update(orgInvitations)
    .set({ ...values, createdAt: new Date() })
    .where(eq(orgInvitations.id, id))
    .returning()
  return row
}

export async function selectInvitationByHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({
      id: orgInvitations.id,
      actorId: orgInvitations.actorId,
      email: orgInvitations.email,
      role: orgInvitations.role,
      expiresAt: orgInvitations.expiresAt,
      acceptedAt: orgInvitations.acceptedAt,
      actorSlug: actors.slug,
      actorName: actors.name,
      clusterId: actors.clusterId,
    })
    .from(orgInvitations)
    .innerJoin(actors, eq(actors.id, orgInvitations.actorId))
    .where(eq(orgInvitations.tokenHash, tokenHash))
  return row
}

export async function markInvitationAccepted(db: Db, id: number) {
  await db.update(orgInvitations).set({ acceptedAt: new Date() }).where(eq(orgInvitations.id, id))
}

export const selectOpenInvitations = (db: Db, actorId: number) =>
  db
    .select({
      id: orgInvitations.id,
      email: orgInvitations.email,
      role: orgInvitations.role,
      createdAt: orgInvitations.createdAt,
      expiresAt: orgInvitations.expiresAt,
    })
    .from(orgInvitations)
    .where(
      and(
        eq(orgInvitations.actorId, actorId),
        isNull(orgInvitations.acceptedAt),
        gt(orgInvitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(orgInvitations.createdAt))

export const selectInvitationsSentBy = (db: Db, userId: string) =>
  db
    .select({
      organisation: actors.slug,
      email: orgInvitations.email,
      role: orgInvitations.role,
      createdAt: orgInvitations.createdAt,
      expiresAt: orgInvitations.expiresAt,
      acceptedAt: orgInvitations.acceptedAt,
    })
    .from(orgInvitations)
    .innerJoin(actors, eq(actors.id, orgInvitations.actorId))
    .where(eq(orgInvitations.invitedBy, userId))
    .orderBy(asc(orgInvitations.id))

// ---- claims --------------------------------------------------------------------------------

export async function insertClaim(db: Db, values: typeof orgClaims.$inferInsert) {
  const [row] = await db.insert(orgClaims).values(values).returning()
  return row
}

export async function selectPendingClaimOf(db: Db, actorId: number, userId: string) {
  const [row] = await db
    .select({ id: orgClaims.id })
    .from(orgClaims)
    .where(and(eq(orgClaims.actorId, actorId), eq(orgClaims.userId, userId), eq(orgClaims.status, 'pending')))
  return row
}

const claimColumns = {
  id: orgClaims.id,
  actorId: orgClaims.actorId,
  actorSlug: actors.slug,
  actorName: actors.name,
  clusterId: actors.clusterId,
  userId: orgClaims.userId,
  claimantName: users.name,
  claimantEmail: users.email,
  claimantLocale: users.locale,
  message: orgClaims.message,
  status: orgClaims.status,
  createdAt: orgClaims.createdAt,
}

export const selectPendingClaimsInCluster = (db: Db, clusterId: string) =>
  db
    .select(claimColumns)
    .from(orgClaims)
    .innerJoin(actors, eq(actors.id, orgClaims.actorId))
    .innerJoin(users, eq(users.id, orgClaims.userId))
    .where(and(eq(actors.clusterId, clusterId), eq(orgClaims.status, 'pending')))
    .orderBy(asc(orgClaims.createdAt), asc(orgClaims.id))

export async function selectClaim(db: Db, id: number) {
  const [row] = await db
    .select(claimColumns)
    .from(orgClaims)
    .innerJoin(actors, eq(actors.id, orgClaims.actorId))
    .innerJoin(users, eq(users.id, orgClaims.userId))
    .where(eq(orgClaims.id, id))
  return row
}

export async function updateClaimDecision(
  db: Db,
  id: number,
  decision: { status: ClaimStatus; reason: string | null; decidedBy: string },
) {
  await db
    .update(orgClaims)
    .set({ ...decision, decidedAt: new Date() })
    .where(eq(orgClaims.id, id))
}

export const selectClaimsOfPerson = (db: Db, userId: string) =>
  db
    .select({
      organisation: actors.slug,
      name: actors.name,
      message: orgClaims.message,
      status: orgClaims.status,
      reason: orgClaims.reason,
      createdAt: orgClaims.createdAt,
      decidedAt: orgClaims.decidedAt,
    })
    .from(orgClaims)
    .innerJoin(actors, eq(actors.id, orgClaims.actorId))
    .where(eq(orgClaims.userId, userId))
    .orderBy(asc(orgClaims.id))

/** The first generated demo organisation of a city (by id) that is more than one freelancer, for the demo accounts. */
export async function selectFirstDemoActor(db: Db, clusterId: string) {
  const [row] = await db
    .select({ id: actors.id, name: actors.name, slug: actors.slug })
    .from(actors)
    .where(
      and(
        eq(actors.clusterId, clusterId),
        eq(actors.demo, true),
        eq(actors.foundingPartner, false),
        ne(actors.kind, 'freelancer'),
      ),
    )
    .orderBy(asc(actors.id))
    .limit(1)
  return row
}

export async function insertDemoPeople(db: Db, values: (typeof orgPeople.$inferInsert)[]) {
  await db.insert(orgPeople).values(values)
}

export async function updateDemoVisibility(
  db: Db,
  actorId: number,
  visibility: typeof actors.$inferInsert.visibility,
) {
  await db.update(actors).set({ visibility }).where(eq(actors.id, actorId))
}

export const selectAdminIds = async (db: Db, actorId: number) =>
  (
    await db
      .select({ userId: orgPeople.userId })
      .from(orgPeople)
      .where(and(eq(orgPeople.actorId, actorId), eq(orgPeople.role, 'admin')))
  ).map((r) => r.userId)

/** Which of these actors have at least one admin. */
export const selectActorsWithAdmins = async (db: Db, actorIds: number[]) =>
  actorIds.length
    ? (
        await db
          .selectDistinct({ actorId: orgPeople.actorId })
          .from(orgPeople)
          // One array parameter: a large demo network passes more ids than a statement may have parameters.
          .where(
            and(
              sql`${orgPeople.actorId} = ANY(${sql.param(actorIds)}::bigint[])`,
              eq(orgPeople.role, 'admin'),
            ),
          )
      ).map((r) => Number(r.actorId))
    : []

/** Every organisation that has people, by id. */
export const selectOrganisationsWithPeople = async (db: Db) =>
  (await db.selectDistinct({ actorId: orgPeople.actorId }).from(orgPeople).orderBy(orgPeople.actorId)).map(
    (r) => Number(r.actorId),
  )
