import { z } from 'zod'
import { forbidden, providePersonalData, requirePerson } from '../../core/auth'
import { inTransaction } from '../../core/db/client'
import { AppError, notFound } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { Ctx } from '../../core/http'
import { type ActorSummary, getActor, getActorSummaryById } from '../actors/service'
import { recordAudit } from '../audit/service'
import { type Cluster, listClusters } from '../network/service'
import { defineNotificationKind, notify } from '../notifications/service'
import { organisationAdminIds } from '../organisations/service'
import {
  type ConnectionRow,
  countIncomingPending,
  insertConnection,
  type ListedConnection,
  lockConnection,
  lockPair,
  selectCityPairCounts,
  selectConnection,
  selectConnectionsOfActor,
  selectConnectionsOfPerson,
  selectLinkedActorIds,
  selectPairConnections,
  selectPartnersOfPartners,
  selectSectorCounts,
  updateConnection,
} from './queries'
import {
  type ConnectionKind,
  type ConnectionStatus,
  connectionKinds,
  inverseKind,
  openStatuses,
} from './schema'

export { type ConnectionKind, connectionKinds }

// A proposal waits for a decision, so its admins hear of it at once; a confirmation can wait for the digest.
defineNotificationKind('connections.requested', { email: 'immediate' })
defineNotificationKind('connections.confirmed', { email: 'daily' })

providePersonalData('connections', async (db, personId) =>
  (await selectConnectionsOfPerson(db, personId)).map((c) => ({
    id: c.id,
    from_organisation: c.fromActorId,
    to_organisation: c.toActorId,
    kind: c.kind,
    note: c.note,
    status: c.status,
    you_proposed: c.proposed,
    you_decided: c.decided,
    proposed_at: c.createdAt,
    decided_at: c.decidedAt,
  })),
)

// ---- permissions ---------------------------------------------------------------------------

export type ConnectionAction =
  /** Propose a relation on behalf of an organisation: its admins. */
  | 'propose'
  /** Confirm or decline a proposal made to an organisation: its admins. */
  | 'decide'
  /** See an organisation's proposals, withdraw its own, end its confirmed relations: its admins. */
  | 'manage'

/**
 * The one permission rule of this module: only an organisation's admins speak for it. Without an
 * organisation named, whether the person runs any organisation at all.
 */
export function can(ctx: Pick<Ctx, 'viewer'>, _action: ConnectionAction, subject: { actorId?: number } = {}) {
  const { person, orgs } = ctx.viewer
  if (!person) return false
  return subject.actorId === undefined
    ? [...orgs.values()].includes('admin')
    : orgs.get(subject.actorId) === 'admin'
}

/** A visitor is asked to sign in (401); a signed-in person without the right is refused (403). */
export function authorize(
  ctx: Pick<Ctx, 'viewer'>,
  action: ConnectionAction,
  subject?: { actorId?: number },
) {
  const person = requirePerson(ctx.viewer)
  if (!can(ctx, action, subject)) throw forbidden()
  return person
}

// ---- reading -------------------------------------------------------------------------------

/** What the organisation at the other end is to `actorId`: "A is a client of B" makes B A's supplier. */
export const kindSeenBy = (c: Pick<ConnectionRow, 'fromActorId' | 'toActorId' | 'kind'>, actorId: number) =>
  c.fromActorId === actorId ? inverseKind[c.kind] : c.kind

export interface ShownConnection {
  id: number
  /** What the other organisation is to this one. */
  kind: ConnectionKind
  status: ConnectionStatus
  note: string | null
  /** True when this organisation proposed it. */
  proposedByUs: boolean
  other: { id: number; slug: string; name: string; clusterId: string; cityName: string }
  /** The other organisation is in another country. */
  crossBorder: boolean
  createdAt: Date
  decidedAt: Date | null
}

async function showConnections(ctx: Ctx, actor: { id: number; clusterId: string }, list: ListedConnection[]) {
  const cities = new Map((await listClusters(ctx)).map((c) => [c.id, c]))
  const country = cities.get(actor.clusterId)?.country
  return list.map(
    (c): ShownConnection => ({
      id: c.id,
      kind: kindSeenBy(c, actor.id),
      status: c.status,
      note: c.note,
      proposedByUs: c.fromActorId === actor.id,
      other: { ...c.other, cityName: cities.get(c.other.clusterId)?.cityName ?? c.other.clusterId },
      crossBorder: cities.get(c.other.clusterId)?.country !== country,
      createdAt: c.createdAt,
      decidedAt: c.decidedAt,
    }),
  )
}

/** An organisation's confirmed connections: what everyone sees on its profile. */
export async function confirmedConnections(ctx: Ctx, actor: { id: number; clusterId: string }) {
  return showConnections(ctx, actor, await selectConnectionsOfActor(ctx.db, actor.id, ['confirmed']))
}

/** Confirmed connections of the organisation with this slug. */
export async function connectionsOfOrganisation(ctx: Ctx, slug: string) {
  const actor = await getActor(ctx, slug)
  return { actor, connections: await confirmedConnections(ctx, actor) }
}

/** An organisation's proposals both ways and its confirmed connections, for its admins. */
export async function connectionsToManage(ctx: Ctx, slug: string) {
  const actor = await getActor(ctx, slug)
  authorize(ctx, 'manage', { actorId: actor.id })
  const all = await showConnections(
    ctx,
    actor,
    await selectConnectionsOfActor(ctx.db, actor.id, ['pending', 'confirmed']),
  )
  return {
    actor,
    incoming: all.filter((c) => c.status === 'pending' && !c.proposedByUs),
    outgoing: all.filter((c) => c.status === 'pending' && c.proposedByUs),
    confirmed: all.filter((c) => c.status === 'confirmed'),
  }
}

/** How many proposals wait for the organisation's decision (for the link on its profile). */
export const waitingProposals = (ctx: Ctx, actorId: number) => countIncomingPending(ctx.db, actorId)

/** The organisations the viewer may propose a connection with `target` for: those they run, but not itself. */
export async function proposalOptions(ctx: Ctx, target: { id: number }) {
  authorize(ctx, 'propose')
  const adminOf = [...ctx.viewer.orgs].filter(([id, role]) => role === 'admin' && id !== target.id)
  const summaries = await Promise.all(adminOf.map(([id]) => getActorSummaryById(ctx, id)))
  return summaries.filter((a): a is ActorSummary => !!a).sort((a, b) => a.name.localeCompare(b.name))
}

// ---- proposing and deciding ----------------------------------------------------------------

const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && !v.trim() ? undefined : v),
    z.string().trim().max(max).optional(),
  )

export const proposalSchema = z.object({
  organisation: z.coerce.number().int().positive(),
  kind: z.enum(connectionKinds),
  note: optionalText(500),
})

/** A relation blocks a new one when it says the same: the same kind either way, or its mirror image. */
const sameRelation = (c: ConnectionRow, from: number, kind: ConnectionKind) =>
  c.kind === kind || (c.fromActorId !== from && c.kind === inverseKind[kind])

/**
 * An admin of one organisation proposes a relation with another of the directory; it stays out of sight
 * until the other side's admins confirm it. A declined, withdrawn or ended relation may be proposed again.
 */
export async function proposeConnection(ctx: Ctx, targetSlug: string, input: z.infer<typeof proposalSchema>) {
  const person = authorize(ctx, 'propose', { actorId: input.organisation })
  const target = await getActor(ctx, targetSlug)
  if (target.id === input.organisation)
    throw fieldError('organisation', 'self_connection', ctx.i18n.t('connections.error.self'))
  const from = await getActorSummaryById(ctx, input.organisation)
  if (!from) throw notFound()
  const row = await inTransaction(ctx, async (tx) => {
    await lockPair(tx, from.id, target.id)
    const pair = await selectPairConnections(tx, from.id, target.id)
    const open = pair.find((c) => openStatuses.includes(c.status) && sameRelation(c, from.id, input.kind))
    if (open)
      throw fieldError(
        'kind',
        'connection_exists',
        ctx.i18n.t(`connections.error.exists_${open.status}`),
        409,
      )
    const earlier = pair.find((c) => c.fromActorId === from.id && c.kind === input.kind)
    const values = {
      status: 'pending' as const,
      note: input.note ?? null,
      createdBy: person.id,
      createdAt: new Date(),
      decidedBy: null,
      decidedAt: null,
    }
    // One row per direction and kind (a unique index): a relation proposed again takes up its old row.
    const saved = earlier
      ? await updateConnection(tx, earlier.id, values)
      : await insertConnection(tx, {
          ...values,
          fromActorId: from.id,
          toActorId: target.id,
          kind: input.kind,
        })
    await recordAudit(tx, ctx, {
      action: 'connection.proposed',
      subjectType: 'connection',
      subjectId: saved.id,
      clusterId: from.clusterId,
      before: earlier ? { status: earlier.status } : null,
      after: { status: 'pending', from: from.slug, to: target.slug, kind: input.kind, note: saved.note },
    })
    await notify(
      tx,
      { userIds: await organisationAdminIds(tx, target.id), except: person.id },
      {
        kind: 'connections.requested',
        values: { organisation: from.name, target: target.name, kind: input.kind },
        link: `/organisations/${target.slug}/connections`,
      },
    )
    return saved
  })
  return { ...row, from, to: target }
}

export const decisions = ['confirm', 'decline'] as const
export const decisionSchema = z.object({ decision: z.enum(decisions) })

/** The connection with this id of the organisation with this slug, after checking the viewer speaks for it. */
async function connectionOf(ctx: Ctx, slug: string, id: number, action: ConnectionAction) {
  const actor = await getActor(ctx, slug)
  const person = authorize(ctx, action, { actorId: actor.id })
  const found = await selectConnection(ctx.db, id)
  if (!found || (found.fromActorId !== actor.id && found.toActorId !== actor.id)) throw notFound()
  return { actor, person }
}

const wrongState = (status: ConnectionStatus) =>
  new AppError('connection_state', 409, `connections.error.not_${status}`)

/** An admin of the organisation a proposal was made to confirms it (it shows from then on) or declines it. */
export async function decideConnection(
  ctx: Ctx,
  slug: string,
  id: number,
  input: z.infer<typeof decisionSchema>,
) {
  const { actor, person } = await connectionOf(ctx, slug, id, 'decide')
  const status = input.decision === 'confirm' ? 'confirmed' : 'declined'
  return inTransaction(ctx, async (tx) => {
    const current = await lockConnection(tx, id)
    if (!current) throw notFound()
    // Only the side it was proposed to decides; the proposer may withdraw it instead.
    if (current.toActorId !== actor.id)
      throw new AppError('own_proposal', 403, 'connections.error.own_proposal')
    if (current.status !== 'pending') throw wrongState('pending')
    const row = await updateConnection(tx, id, { status, decidedBy: person.id, decidedAt: new Date() })
    await recordAudit(tx, ctx, {
      action: `connection.${status}`,
      subjectType: 'connection',
      subjectId: id,
      clusterId: actor.clusterId,
      before: { status: current.status },
      after: { status },
    })
    if (status === 'confirmed')
      await notify(
        tx,
        { actorIds: [current.fromActorId], except: person.id },
        {
          kind: 'connections.confirmed',
          values: { organisation: actor.name, kind: current.kind },
          link: `/actors/${actor.slug}`,
        },
      )
    return row
  })
}

/**
 * Ends a relation from one side: the proposer withdraws a pending proposal, either side ends a confirmed
 * connection (it leaves both profiles and the counts).
 */
export async function endConnection(ctx: Ctx, slug: string, id: number) {
  const { actor } = await connectionOf(ctx, slug, id, 'manage')
  return inTransaction(ctx, async (tx) => {
    const current = await lockConnection(tx, id)
    if (!current) throw notFound()
    const status: ConnectionStatus | undefined =
      current.status === 'confirmed'
        ? 'ended'
        : current.status === 'pending' && current.fromActorId === actor.id
          ? 'withdrawn'
          : undefined
    if (!status) throw wrongState('confirmed')
    const row = await updateConnection(tx, id, { status })
    await recordAudit(tx, ctx, {
      action: `connection.${status}`,
      subjectType: 'connection',
      subjectId: id,
      clusterId: actor.clusterId,
      before: { status: current.status },
      after: { status },
    })
    return row
  })
}

// ---- the network graph ---------------------------------------------------------------------
// Plain figures: the pages draw them, the API serves them, the observatory will report them.

/** Whom an actor is linked with already (proposed or confirmed): no need to recommend them. */
export const linkedActorIds = (ctx: Pick<Ctx, 'db'>, actorId: number) => selectLinkedActorIds(ctx.db, actorId)

/** The partners of an actor's partners, each with one partner they share (`via_id`). */
export const partnersOfPartners = (ctx: Pick<Ctx, 'db'>, actorId: number) =>
  selectPartnersOfPartners(ctx.db, actorId)

export type Reach = 'local' | 'national' | 'cross_border'

const reachOf = (a: Cluster | undefined, b: Cluster | undefined): Reach =>
  a?.id === b?.id ? 'local' : a?.country === b?.country ? 'national' : 'cross_border'

export interface CityPairCount {
  /** City ids, in the network's order of cities; a = b for a city's local links. */
  a: string
  b: string
  links: number
  reach: Reach
}

export interface ConnectionCounts {
  /** Every city of the network, in its order, with the links that touch it. */
  cities: {
    id: string
    name: string
    country: string
    local: number
    national: number
    crossBorder: number
  }[]
  /** Each pair of cities with at least one confirmed link. */
  pairs: CityPairCount[]
  totals: { links: number; local: number; national: number; crossBorder: number }
}

/** Confirmed links between each pair of cities (a city's local links as the pair with itself). */
export async function connectionCounts(ctx: Pick<Ctx, 'db'>): Promise<ConnectionCounts> {
  const [clusters, counted] = await Promise.all([listClusters(ctx), selectCityPairCounts(ctx.db)])
  const byId = new Map(clusters.map((c) => [c.id, c]))
  const order = new Map(clusters.map((c, i) => [c.id, i]))
  const pairs = counted
    .map(({ a, b, links }): CityPairCount => {
      const [first, second] = (order.get(a) ?? 0) <= (order.get(b) ?? 0) ? [a, b] : [b, a]
      return { a: first, b: second, links, reach: reachOf(byId.get(a), byId.get(b)) }
    })
    .sort(
      (x, y) =>
        (order.get(x.a) ?? 0) - (order.get(y.a) ?? 0) || (order.get(x.b) ?? 0) - (order.get(y.b) ?? 0),
    )
  const sum = (list: CityPairCount[], reach?: Reach) =>
    list.filter((p) => !reach || p.reach === reach).reduce((n, p) => n + p.links, 0)
  return {
    cities: clusters.map((c) => {
      const touching = pairs.filter((p) => p.a === c.id || p.b === c.id)
      return {
        id: c.id,
        name: c.cityName,
        country: c.country,
        local: sum(touching, 'local'),
        national: sum(touching, 'national'),
        crossBorder: sum(touching, 'cross_border'),
      }
    }),
    pairs,
    totals: {
      links: sum(pairs),
      local: sum(pairs, 'local'),
      national: sum(pairs, 'national'),
      crossBorder: sum(pairs, 'cross_border'),
    },
  }
}

/** Confirmed links per sector (of either end), for the network or the links that touch one city. */
export const connectionsBySector = (ctx: Pick<Ctx, 'db'>, clusterId?: string) =>
  selectSectorCounts(ctx.db, clusterId)

export interface ClusterConnections {
  local: number
  national: number
  crossBorder: number
  /** The other cities this one is linked with, most links first. */
  partners: { city: string; name: string; links: number; reach: Reach }[]
  sectors: { sector: string; links: number }[]
}

/** A city's local links and its links with every other city, and the sectors they involve. */
export async function clusterConnections(
  ctx: Pick<Ctx, 'db'>,
  clusterId: string,
): Promise<ClusterConnections> {
  const [counts, sectors] = await Promise.all([connectionCounts(ctx), connectionsBySector(ctx, clusterId)])
  const city = counts.cities.find((c) => c.id === clusterId)
  if (!city) throw notFound()
  const names = new Map(counts.cities.map((c) => [c.id, c.name]))
  const partners = counts.pairs
    .filter((p) => p.reach !== 'local' && (p.a === clusterId || p.b === clusterId))
    .map((p) => {
      const other = p.a === clusterId ? p.b : p.a
      return { city: other, name: names.get(other) ?? other, links: p.links, reach: p.reach }
    })
    .sort((x, y) => y.links - x.links || x.name.localeCompare(y.name))
  return { local: city.local, national: city.national, crossBorder: city.crossBorder, partners, sectors }
}
