import type { Db } from '../../core/db/client'
import type { DemoOptions } from '../../core/module'
import { random } from '../actors/demo'
import { organisationsWithAdmins } from '../organisations/service'
import { insertConnections, selectDemoActors } from './queries'
import { type ConnectionKind, connectionKinds } from './schema'

const day = 86_400_000
/** Fixed, so that the demo graph is the same on every machine and every day. */
const demoEpoch = Date.UTC(2026, 9, 1)

const notes: Partial<Record<ConnectionKind, string>> = {
  client: 'We have ordered their work for two of our productions.',
  co_applicant: 'We applied together to Creative Europe for a cross-border residency programme.',
  same_project: 'Both of us work on the same festival project this year.',
}

/**
 * Confirmed connections among the demo actors — about one and a half per actor, more than half of them
 * across borders, of every kind — and a few proposals around the demo accounts' organisations: two wait
 * for each one's admin to decide and one waits for the other side.
 */
export async function loadConnectionsDemo(db: Db, options: DemoOptions) {
  const rnd = random(options.seed + 404)
  const actors = await selectDemoActors(db)
  if (actors.length < 2) return
  const byCity = new Map<string, typeof actors>()
  for (const a of actors) byCity.set(a.clusterId, [...(byCity.get(a.clusterId) ?? []), a])
  const cities = [...byCity.keys()]
  const taken = new Set<string>()
  // A relation and its mirror image ("A client of B", "B supplier of A") are one and the same.
  const key = (from: number, to: number, kind: ConnectionKind) =>
    `${Math.min(from, to)}:${Math.max(from, to)}:${kind === 'supplier' || kind === 'client' ? 'trade' : kind}`

  const planned: {
    fromActorId: number
    toActorId: number
    kind: ConnectionKind
    note: string | null
    status: 'pending' | 'confirmed'
    createdAt: Date
    decidedAt: Date | null
  }[] = []
  const plan = (from: number, to: number, kind: ConnectionKind, status: 'pending' | 'confirmed') => {
    if (from === to || taken.has(key(from, to, kind))) return false
    taken.add(key(from, to, kind))
    const created = demoEpoch - rnd.int(status === 'pending' ? 1 : 20, status === 'pending' ? 14 : 500) * day
    planned.push({
      fromActorId: from,
      toActorId: to,
      kind,
      note: rnd.int(0, 2) === 0 ? (notes[kind] ?? null) : null,
      status,
      createdAt: new Date(created),
      decidedAt: status === 'confirmed' ? new Date(created + rnd.int(1, 10) * day) : null,
    })
    return true
  }
  const partnerFor = (clusterId: string, crossBorder: boolean) => {
    const others = cities.filter((c) => c !== clusterId)
    const city = crossBorder && others.length ? rnd.pick(others) : clusterId
    return rnd.pick(byCity.get(city) ?? actors)
  }
  const kindWeights: Record<ConnectionKind, number> = {
    partner: 34,
    client: 14,
    supplier: 14,
    co_applicant: 18,
    same_project: 20,
  }

  const target = Math.round(actors.length * 1.5)
  for (let attempts = 0; planned.length < target && attempts < target * 5; attempts++) {
    const from = rnd.pick(actors)
    const to = partnerFor(from.clusterId, rnd.int(1, 100) <= 58)
    plan(from.id, to.id, rnd.weighted(kindWeights), 'confirmed')
  }

  const withAdmins = await organisationsWithAdmins(
    db,
    actors.map((a) => a.id),
  )
  for (const own of actors.filter((a) => withAdmins.has(a.id))) {
    let incoming = 0
    for (let attempt = 0; incoming < 2 && attempt < 50; attempt++) {
      const from = partnerFor(own.clusterId, incoming === 0)
      if (plan(from.id, own.id, connectionKinds[(own.id + incoming) % connectionKinds.length], 'pending'))
        incoming++
    }
    for (let attempt = 0; attempt < 50; attempt++)
      if (plan(own.id, partnerFor(own.clusterId, true).id, 'supplier', 'pending')) break
  }
  await insertConnections(db, planned)
}
