import { and, eq, notExists } from 'drizzle-orm'
import { loadViewer } from '../../src/core/auth'
import type { Ctx } from '../../src/core/http'
import { actors } from '../../src/modules/actors/schema'
import { clusterManagers } from '../../src/modules/membership/schema'
import { orgPeople } from '../../src/modules/organisations/schema'
import type { useTestApp } from './app'
import { testConfig } from './database'
import { signedInPerson } from './people'

export const roles = [
  'visitor',
  'person',
  'org_member',
  'org_admin',
  'cluster_manager',
  'network_admin',
] as const
export type Role = (typeof roles)[number]
export type Person = Awaited<ReturnType<typeof signedInPerson>>

/**
 * One person per role around one organisation in Pécs: its admin and a member, the Pécs cluster manager,
 * the network admin, a signed-in person who belongs nowhere, and a visitor (no one). Two more hold the
 * same roles elsewhere — the admin of a Leipzig organisation and the Leipzig cluster manager — so that
 * a role in one organisation or city is shown to give nothing in another.
 */
export interface World {
  people: Record<Exclude<Role, 'visitor'>, Person>
  org: { id: number; slug: string; clusterId: string }
  cookie(role: Role): string | undefined
  ctx: ReturnType<typeof useTestApp>['ctx']
  /** A service context acting as one of the world's people, to prepare a fresh subject for a case. */
  as(role: Exclude<Role, 'visitor'>): Promise<Ctx>
  /** A new person in the world's organisation (a member), to be removed or changed by a case. */
  addMember(): Promise<Person>
  /** A Pécs organisation no one runs yet and no case used before. */
  unclaimedOrganisation(): Promise<{ id: number; slug: string }>
}

export async function buildWorld(t: ReturnType<typeof useTestApp>): Promise<World> {
  let unclaimedServed = 0
  const [org] = await t.db
    .select({ id: actors.id, slug: actors.slug, clusterId: actors.clusterId })
    .from(actors)
    .where(eq(actors.clusterId, 'pecs'))
    .orderBy(actors.id)
    .limit(1)
  const [elsewhere] = await t.db
    .select({ id: actors.id })
    .from(actors)
    .where(eq(actors.clusterId, 'leipzig'))
    .orderBy(actors.id)
    .limit(1)
  const people = {
    outside_admin: await signedInPerson(t),
    outside_manager: await signedInPerson(t),
    person: await signedInPerson(t),
    org_member: await signedInPerson(t),
    org_admin: await signedInPerson(t),
    cluster_manager: await signedInPerson(t),
    network_admin: await signedInPerson(t, { networkAdmin: true }),
  }
  await t.db.insert(orgPeople).values([
    { actorId: org.id, userId: people.org_admin.id, role: 'admin' },
    { actorId: org.id, userId: people.org_member.id, role: 'member' },
    { actorId: elsewhere.id, userId: people.outside_admin.id, role: 'admin' },
  ])
  await t.db.insert(clusterManagers).values([
    { clusterId: 'pecs', userId: people.cluster_manager.id },
    { clusterId: 'leipzig', userId: people.outside_manager.id },
  ])
  return {
    people,
    org,
    cookie: (role) => (role === 'visitor' ? undefined : people[role].cookie),
    ctx: t.ctx,
    as: async (role) =>
      t.ctx('en', await loadViewer(t.db, testConfig, new Headers({ cookie: people[role].cookie }))),
    async addMember() {
      const member = await signedInPerson(t)
      await t.db.insert(orgPeople).values({ actorId: org.id, userId: member.id, role: 'member' })
      return member
    },
    async unclaimedOrganisation() {
      const [found] = await t.db
        .select({ id: actors.id, slug: actors.slug })
        .from(actors)
        .where(
          and(
            eq(actors.clusterId, 'pecs'),
            notExists(t.db.select().from(orgPeople).where(eq(orgPeople.actorId, actors.id))),
          ),
        )
        .orderBy(actors.id)
        .offset(unclaimedServed++)
        .limit(1)
      return found
    },
  }
}
