import type { Db } from '../../core/db/client'
import { isLocale } from '../../core/i18n'
import { demoPasswordHash } from '../accounts/demo'
import { createVerifiedPerson } from '../accounts/service'
import { setClusterMembership } from '../actors/service'
import { listClusters } from '../network/service'
import {
  insertClusterManagers,
  insertMembershipEvents,
  insertMemberships,
  selectDemoCandidates,
} from './queries'
import type { MembershipStatus } from './schema'

/** The demo account of each city's cluster manager; all demo accounts share the demo password. */
export const demoManagerEmail = (clusterId: string) => `manager.${clusterId}@demo.creative-cities.example`

const motivations: Record<string, string> = {
  pending:
    'We would like to find partners for our projects in the other cities of the network and to take part in its events.',
  declined: 'We want to advertise our services to the members of the cluster.',
}
const declineReason =
  'The cluster is for organisations of the creative industries; please apply again once your work is in one of its sectors.'

/**
 * One manager per cluster; the founding partners and most demo actors are members (since they joined),
 * three applications per city wait for a decision and one was declined with a reason.
 */
export async function loadMembershipDemo(db: Db) {
  const passwordHash = await demoPasswordHash()
  const clusters = await listClusters({ db })
  const managers: { clusterId: string; userId: string }[] = []
  for (const cluster of clusters) {
    const userId = await createVerifiedPerson(db, {
      name: `${cluster.cityNameEn} Cluster Manager`,
      email: demoManagerEmail(cluster.id),
      locale: isLocale(cluster.language) ? cluster.language : 'en',
      passwordHash,
    })
    managers.push({ clusterId: cluster.id, userId })
  }
  await insertClusterManagers(db, managers)
  const managerOf = new Map(managers.map((m) => [m.clusterId, m.userId]))

  const waiting = new Map<string, number>()
  const plan: { actorId: number; clusterId: string; status: MembershipStatus; since: Date }[] = []
  for (const actor of await selectDemoCandidates(db)) {
    const seen = waiting.get(actor.clusterId) ?? 0
    // Every fourth demo actor is not a member; of those, the first four of each city have applied.
    if (!actor.foundingPartner && actor.id % 4 === 0) {
      if (seen < 4) plan.push({ ...actorPlan(actor), status: seen < 3 ? 'pending' : 'declined' })
      waiting.set(actor.clusterId, seen + 1)
      continue
    }
    plan.push({ ...actorPlan(actor), status: 'member' })
  }
  for (let i = 0; i < plan.length; i += 500) {
    const batch = plan.slice(i, i + 500)
    const rows = await insertMemberships(
      db,
      batch.map((p) => ({
        actorId: p.actorId,
        clusterId: p.clusterId,
        status: p.status,
        motivation: motivations[p.status] ?? '',
        createdAt: p.since,
        updatedAt: p.since,
      })),
    )
    const byActor = new Map(rows.map((r) => [r.actorId, r.id]))
    await insertMembershipEvents(
      db,
      batch.flatMap((p) => {
        const membershipId = byActor.get(p.actorId)!
        // They applied three days before they were let in (or turned down).
        const applied = {
          membershipId,
          status: 'pending' as const,
          at: new Date(p.since.getTime() - 3 * 86_400_000),
        }
        if (p.status === 'pending') return [applied]
        const decided = {
          membershipId,
          status: p.status,
          reason: p.status === 'declined' ? declineReason : null,
          userId: managerOf.get(p.clusterId) ?? null,
          at: p.since,
        }
        return [applied, decided]
      }),
    )
  }
  for (const p of plan) if (p.status === 'member') await setClusterMembership(db, p.actorId, p.since)
}

const actorPlan = (actor: { id: number; clusterId: string; createdAt: Date }) => ({
  actorId: actor.id,
  clusterId: actor.clusterId,
  since: actor.createdAt,
})
