import { z } from 'zod'
import {
  anonymousViewer,
  forbidden,
  providePersonalData,
  requireNetworkAdmin,
  requirePerson,
} from '../../core/auth'
import { type Db, inTransaction } from '../../core/db/client'
import { AppError, notFound } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { Ctx } from '../../core/http'
import { type I18n, i18nFor } from '../../core/i18n'
import { defineScheduledJob } from '../../core/jobs'
import { limitAttempts } from '../accounts/service'
import { sizeBands } from '../actors/schema'
import {
  type ActorListRow,
  type ActorSummary,
  actorsByIds,
  getActor,
  getActorSummaryById,
  listActorsByIds,
  provideActorWriteListener,
  recentClusterMembers,
  visibilityScope,
} from '../actors/service'
import { recordAudit } from '../audit/service'
import { linkedActorIds, partnersOfPartners } from '../connections/service'
import { openConversation } from '../messages/service'
import { type Cluster, findCluster, listClusters } from '../network/service'
import { defineNotificationKind, notify } from '../notifications/service'
import {
  publishedOpportunityById,
  type RecommendableRow,
  recommendableOpportunities,
} from '../opportunities/service'
import { organisationsWithPeople } from '../organisations/service'
import { capabilitiesInText, getTaxonomy, type Taxonomy } from '../taxonomy/service'
import {
  insertAnnounced,
  insertDismissal,
  insertIntroduction,
  lockIntroduction,
  type MatchProfileRow,
  maxPairs,
  type PartnerCandidateRow,
  type PartnerQuery,
  type PartnerWeights,
  selectActorsWithoutProfile,
  selectAnnounced,
  selectDismissals,
  selectIntroducedIds,
  selectIntroductionsCreatedBy,
  selectIntroductionsOf,
  selectMatchProfile,
  selectPartnerCandidates,
  selectSettings,
  updateIntroduction,
  upsertMatchProfiles,
  upsertSettings,
} from './queries'
import type { MatchTarget } from './schema'

defineNotificationKind('matching.introduction_requested', { email: 'immediate' })
defineNotificationKind('matching.introduction_accepted', { email: 'immediate' })
defineNotificationKind('matching.introduction_declined', { email: 'daily' })
// The weekly digest of new recommendations: mailed with Monday's digest unless the person chose otherwise.
defineNotificationKind('matching.new_matches', { email: 'weekly' })

// ---- match profiles: kept with every write of an actor -------------------------------------------

const profileBatch = 1000

/** The match profile of an actor: its picked offers and needs plus what its descriptions name. */
export function matchProfileOf(
  taxonomy: Taxonomy,
  a: {
    id: number
    clusterId: string
    sectors: string[]
    offers: string[]
    needs: string[]
    languages: string[]
    sizeBand: string
    description: Record<string, string>
    visibility: { needs?: string }
    updatedAt: Date
  },
): MatchProfileRow {
  const read = capabilitiesInText(taxonomy, Object.values(a.description).join('\n'))
  const textNeeds = read.needed.filter((c) => !a.needs.includes(c))
  const textOffers = read.named.filter((c) => !read.needed.includes(c) && !a.offers.includes(c))
  return {
    actorId: Number(a.id),
    clusterId: a.clusterId,
    sectors: a.sectors,
    offers: [...a.offers, ...textOffers],
    needs: [...a.needs, ...textNeeds],
    textOffers,
    textNeeds,
    needsVisibility: a.visibility.needs ?? 'public',
    languages: a.languages,
    sizeRank: Math.max(0, sizeBands.indexOf(a.sizeBand as (typeof sizeBands)[number])),
    activeAt: a.updatedAt,
  }
}

/** Recomputes the match profiles of these actors (only theirs: a change never needs a full rebuild). */
export async function refreshMatchProfiles(db: Db, ids: number[]) {
  const taxonomy = await getTaxonomy({ db })
  for (let i = 0; i < ids.length; i += profileBatch) {
    const actors = await actorsByIds(db, ids.slice(i, i + profileBatch))
    await upsertMatchProfiles(
      db,
      actors.map((a) => matchProfileOf(taxonomy, a)),
    )
  }
}

provideActorWriteListener(refreshMatchProfiles)

/** Fills the profiles an older database lacks (runs at every start; nothing to do once they exist). */
export async function installMatchProfiles(db: Db) {
  for (;;) {
    const ids = await selectActorsWithoutProfile(db, profileBatch)
    if (!ids.length) return
    await refreshMatchProfiles(db, ids)
  }
}

// ---- permissions ---------------------------------------------------------------------------

export type MatchingAction =
  /** See an organisation's recommendations and introductions, set one aside, ask for an introduction, answer one. */
  | 'use'
  /** See suggested introductions in a city and introduce two organisations: its cluster managers. */
  | 'introduce'
  /** Tune the ranking: the network admin. */
  | 'tune'

/**
 * One rule: an organisation's recommendations are its people's (cluster managers of its city and the network
 * admin may look at them to help); introductions are made by the cluster managers of either side's city.
 */
export function can(
  ctx: Pick<Ctx, 'viewer'>,
  action: MatchingAction,
  subject: { actorId?: number; clusterId?: string; looking?: boolean } = {},
) {
  const { person, orgs, managedClusters } = ctx.viewer
  if (!person) return false
  if (action === 'tune') return person.networkAdmin
  if (action === 'introduce')
    return person.networkAdmin || (!!subject.clusterId && managedClusters.has(subject.clusterId))
  if (subject.actorId !== undefined && orgs.has(subject.actorId)) return true
  return (
    !!subject.looking &&
    (person.networkAdmin || (!!subject.clusterId && managedClusters.has(subject.clusterId)))
  )
}

export function authorize(
  ctx: Pick<Ctx, 'viewer'>,
  action: MatchingAction,
  subject?: Parameters<typeof can>[2],
) {
  const person = requirePerson(ctx.viewer)
  if (!can(ctx, action, subject)) throw forbidden()
  return person
}

// ---- ranking -------------------------------------------------------------------------------

/** Points per signal. Complementarity counts most; each capability counts, up to `counted` of them. */
export const partnerWeights: Omit<PartnerWeights, 'crossBorder'> = {
  offersNeeded: 3,
  needsOffered: 2,
  sector: 0.5,
  language: 0.5,
  size: 0.3,
  active: 0.5,
  partnerOfPartner: 1,
  likeDismissed: -0.4,
  likeDismissedFloor: -1.5,
  counted: 3,
}

const opportunityWeights = {
  needsOffered: 3,
  offersNeeded: 3,
  sector: 0.5,
  fresh: 0.5,
  likeDismissed: -0.4,
  likeDismissedFloor: -1.5,
  counted: 3,
}

export const defaultCrossBorderWeight = 1
export const maxCrossBorderWeight = 3

export const reasonCodes = [
  'offers_needed',
  'needs_offered',
  'shared_sector',
  'shared_language',
  'similar_size',
  'active',
  'partner_of_partner',
  'cross_border',
  'fresh',
  'like_dismissed',
] as const
export type ReasonCode = (typeof reasonCodes)[number]

/** One reason a recommendation is made, with the points it adds; its text is written in the reader's language. */
export interface Reason {
  code: ReasonCode
  points: number
  /** Capability, sector or language ids, a city id, a partner's name: what the text names. */
  values: Record<string, string | string[]>
}

const round = (n: number) => Math.round(n * 100) / 100
const counted = (list: string[], max: number) => Math.min(list.length, max)

/** What a candidate partner has for an organisation: the signals its reasons are written from. */
export interface PartnerSignals {
  cluster_id: string
  offers_needed: string[]
  needs_offered: string[]
  shared_sectors: string[]
  shared_languages: string[]
  size_near: boolean
  active: boolean
  partner_of_partner: boolean
  cross_border: boolean
  like_dismissed: number
}

const common = (a: string[], b: string[]) => a.filter((v) => b.includes(v))

/** A candidate's signals from its profile's arrays and the organisation's own. */
function signalsOf(c: PartnerCandidateRow, me: MatchProfileRow, dismissedSectors: string[]): PartnerSignals {
  return {
    cluster_id: c.cluster_id,
    offers_needed: common(c.offers, me.needs),
    needs_offered: common(c.needs, me.offers),
    shared_sectors: common(c.sectors, me.sectors),
    shared_languages: common(c.languages, me.languages),
    size_near: c.size_near,
    active: c.active,
    partner_of_partner: c.partner_of_partner,
    cross_border: c.cross_border,
    like_dismissed: dismissedSectors.filter((s) => c.sectors.includes(s)).length,
  }
}

/** The signals of a candidate partner turned into reasons (the score is their sum). */
export function explainPartner(
  c: PartnerSignals,
  context: { weights: PartnerWeights; textOffers: string[]; via?: string },
): Reason[] {
  const w = context.weights
  const reasons: Reason[] = []
  if (c.offers_needed.length)
    reasons.push({
      code: 'offers_needed',
      points: w.offersNeeded * counted(c.offers_needed, w.counted),
      values: {
        capabilities: c.offers_needed,
        from_text: c.offers_needed.filter((id) => context.textOffers.includes(id)),
      },
    })
  if (c.needs_offered.length)
    reasons.push({
      code: 'needs_offered',
      points: w.needsOffered * counted(c.needs_offered, w.counted),
      values: { capabilities: c.needs_offered },
    })
  if (c.cross_border && w.crossBorder > 0)
    reasons.push({ code: 'cross_border', points: w.crossBorder, values: { city: c.cluster_id } })
  if (c.shared_languages.length)
    reasons.push({ code: 'shared_language', points: w.language, values: { languages: c.shared_languages } })
  if (c.shared_sectors.length)
    reasons.push({ code: 'shared_sector', points: w.sector, values: { sectors: c.shared_sectors } })
  if (c.partner_of_partner)
    reasons.push({
      code: 'partner_of_partner',
      points: w.partnerOfPartner,
      values: { partner: context.via ?? '' },
    })
  if (c.size_near) reasons.push({ code: 'similar_size', points: w.size, values: {} })
  if (c.active) reasons.push({ code: 'active', points: w.active, values: {} })
  if (c.like_dismissed)
    reasons.push({
      code: 'like_dismissed',
      points: Math.max(w.likeDismissed * c.like_dismissed, w.likeDismissedFloor),
      values: {},
    })
  return reasons.map((r) => ({ ...r, points: round(r.points) }))
}

/**
 * The most a candidate that meets the organisation only once (one of its needs offered, or one of its offers
 * needed) can score, partners of partners aside (the strong tier reads those).
 */
const oneSidedCeiling = (w: PartnerWeights) =>
  Math.max(w.offersNeeded, w.needsOffered) + w.crossBorder + w.sector + w.language + w.size + w.active

export const scoreOf = (reasons: Reason[]) => round(reasons.reduce((sum, r) => sum + r.points, 0))

/** A reason in the reader's language: the names of what it counts, joined as the language joins a list. */
export function reasonText(
  i18n: I18n,
  taxonomy: Taxonomy,
  cities: Map<string, Cluster>,
  reason: Reason,
): string {
  const list = (ids: string | string[], name: (id: string) => string) =>
    new Intl.ListFormat(i18n.locale, { type: 'conjunction' }).format([ids].flat().map(name))
  const v = reason.values
  const values: Record<string, string> = {}
  if (v.capabilities)
    values.capabilities = list(v.capabilities, (id) => {
      const label = taxonomy.capabilityById.get(id)?.label
      return label?.[i18n.locale] ?? label?.en ?? id
    })
  if (v.sectors)
    values.sectors = list(v.sectors, (id) => {
      const name = taxonomy.sectorById.get(id)?.name
      return name?.[i18n.locale] ?? name?.en ?? id
    })
  if (v.languages) values.languages = list(v.languages, (code) => i18n.languageName(code))
  if (typeof v.city === 'string') values.city = cities.get(v.city)?.cityName ?? v.city
  if (typeof v.partner === 'string') values.partner = v.partner
  const fromText = Array.isArray(v.from_text) && v.from_text.length > 0
  return i18n.t(`matching.reason.${reason.code}${fromText ? '_text' : ''}`, values)
}

export interface MatchContext {
  actor: ActorSummary
  profile: MatchProfileRow
  crossBorderWeight: number
  /** The cities in the actor's own country: a match elsewhere is cross-border. */
  homeCities: string[]
  dismissals: { target: MatchTarget; targetId: number; sectors: string[] }[]
  /** Organisations it is linked or introduced to already: no need to recommend them. */
  known: number[]
  /** The partners of its partners, each with one partner between them. */
  farPartners: { id: number; via_id: number }[]
}

async function matchContext(ctx: Ctx, actor: ActorSummary): Promise<MatchContext> {
  // One round of independent reads: each is a small indexed lookup, and together they are most of a request.
  const [stored, settings, clusters, dismissals, linked, introduced, farPartners] = await Promise.all([
    selectMatchProfile(ctx.db, actor.id),
    selectSettings(ctx.db),
    listClusters(ctx),
    selectDismissals(ctx.db, actor.id),
    linkedActorIds(ctx, actor.id),
    selectIntroducedIds(ctx.db, actor.id),
    partnersOfPartners(ctx, actor.id),
  ])
  let profile = stored
  if (!profile) {
    await refreshMatchProfiles(ctx.db, [actor.id])
    profile = await selectMatchProfile(ctx.db, actor.id)
    if (!profile) throw notFound()
  }
  const country = clusters.find((c) => c.id === actor.clusterId)?.country
  return {
    actor,
    profile,
    crossBorderWeight: settings?.crossBorderWeight ?? defaultCrossBorderWeight,
    homeCities: clusters.filter((c) => c.country === country).map((c) => c.id),
    dismissals: dismissals.map((d) => ({
      target: d.target,
      targetId: Number(d.targetId),
      sectors: d.sectors,
    })),
    known: [...linked, ...introduced],
    farPartners,
  }
}

export interface PartnerMatch {
  actor: ActorListRow
  score: number
  reasons: Reason[]
}

/** The best partners for an organisation, best first, each with its reasons. */
export async function rankPartners(
  ctx: Ctx,
  m: MatchContext,
  limit: number,
  options: { fullRanking?: boolean } = {},
): Promise<PartnerMatch[]> {
  const { farPartners } = m
  const weights: PartnerWeights = { ...partnerWeights, crossBorder: m.crossBorderWeight }
  const dismissed = m.dismissals.filter((d) => d.target === 'actor')
  const dismissedSectors = dismissed.flatMap((d) => d.sectors)
  const query: PartnerQuery = {
    actorId: m.actor.id,
    homeCities: m.homeCities,
    sectors: m.profile.sectors,
    offers: m.profile.offers,
    needs: m.profile.needs,
    languages: m.profile.languages,
    sizeRank: m.profile.sizeRank,
    levels: visibilityScope(ctx.viewer).levels,
    partnersOfPartners: farPartners.map((p) => p.id),
    dismissedSectors,
    excluded: [...m.known, ...dismissed.map((d) => d.targetId)],
    weights,
    limit,
  }
  // The strong tier first: when its last is ahead of the most a one-sided candidate can reach, no such
  // candidate can enter the list and the broad read is saved. Otherwise the full ranking, same order.
  const pairs =
    (m.profile.needs.length * (m.profile.needs.length - 1) +
      m.profile.offers.length * (m.profile.offers.length - 1)) /
    2
  let candidates =
    pairs <= maxPairs && !options.fullRanking ? await selectPartnerCandidates(ctx.db, query, 'strong') : []
  if (candidates.length < limit || candidates[limit - 1].score <= oneSidedCeiling(weights))
    candidates = await selectPartnerCandidates(ctx.db, query, 'all')
  const viaIds = new Map(farPartners.map((p) => [p.id, p.via_id]))
  const [cards, vias] = await Promise.all([
    listActorsByIds(
      ctx,
      candidates.map((c) => c.id),
    ),
    listActorsByIds(ctx, [
      ...new Set(candidates.flatMap((c) => (viaIds.has(c.id) ? [viaIds.get(c.id)!] : []))),
    ]),
  ])
  const cardById = new Map(cards.map((a) => [Number(a.id), a]))
  const viaName = new Map(vias.map((a) => [Number(a.id), a.name]))
  return candidates.flatMap((c) => {
    const actor = cardById.get(c.id)
    if (!actor) return []
    const reasons = explainPartner(signalsOf(c, m.profile, dismissedSectors), {
      weights,
      textOffers: c.text_offers,
      via: c.partner_of_partner ? viaName.get(viaIds.get(c.id)!) : undefined,
    })
    return [{ actor, score: scoreOf(reasons), reasons }]
  })
}

export interface OpportunityMatch {
  opportunity: RecommendableRow
  score: number
  reasons: Reason[]
}

/** The signals of a candidate opportunity turned into reasons. */
export function explainOpportunity(
  o: Pick<RecommendableRow, 'needs_offered' | 'offers_needed' | 'sectors' | 'cluster_id' | 'published_at'>,
  context: {
    sectors: string[]
    homeCities: string[]
    crossBorderWeight: number
    dismissedSectors: string[]
    now: Date
  },
): Reason[] {
  const w = opportunityWeights
  const reasons: Reason[] = []
  if (o.needs_offered.length)
    reasons.push({
      code: 'needs_offered',
      points: w.needsOffered * counted(o.needs_offered, w.counted),
      values: { capabilities: o.needs_offered },
    })
  if (o.offers_needed.length)
    reasons.push({
      code: 'offers_needed',
      points: w.offersNeeded * counted(o.offers_needed, w.counted),
      values: { capabilities: o.offers_needed },
    })
  if (!context.homeCities.includes(o.cluster_id) && context.crossBorderWeight > 0)
    reasons.push({ code: 'cross_border', points: context.crossBorderWeight, values: { city: o.cluster_id } })
  const shared = o.sectors.filter((s) => context.sectors.includes(s))
  if (shared.length) reasons.push({ code: 'shared_sector', points: w.sector, values: { sectors: shared } })
  if (context.now.getTime() - new Date(o.published_at).getTime() < 30 * 86_400_000)
    reasons.push({ code: 'fresh', points: w.fresh, values: {} })
  const like = context.dismissedSectors.filter((s) => o.sectors.includes(s)).length
  if (like)
    reasons.push({
      code: 'like_dismissed',
      points: Math.max(w.likeDismissed * like, w.likeDismissedFloor),
      values: {},
    })
  return reasons.map((r) => ({ ...r, points: round(r.points) }))
}

/** How many candidate opportunities are scored; published opportunities that fit are far fewer than actors. */
const opportunityCandidates = 500

/** The best opportunities for an organisation to answer, best first, each with its reasons. */
export async function rankOpportunities(
  ctx: Ctx,
  m: MatchContext,
  limit: number,
): Promise<OpportunityMatch[]> {
  const dismissed = m.dismissals.filter((d) => d.target === 'opportunity')
  const found = await recommendableOpportunities(ctx, {
    actorId: m.actor.id,
    clusterId: m.actor.clusterId,
    offers: m.profile.offers,
    needs: m.profile.needs,
    excluded: dismissed.map((d) => d.targetId),
    limit: opportunityCandidates,
  })
  const context = {
    sectors: m.profile.sectors,
    homeCities: m.homeCities,
    crossBorderWeight: m.crossBorderWeight,
    dismissedSectors: dismissed.flatMap((d) => d.sectors),
    now: new Date(),
  }
  return found
    .map((opportunity) => {
      const reasons = explainOpportunity(opportunity, context)
      return { opportunity, score: scoreOf(reasons), reasons }
    })
    .sort((a, b) => b.score - a.score || b.opportunity.id - a.opportunity.id)
    .slice(0, limit)
}

/**
 * The best partners for an organisation, without a permission check: for the digest, the evaluation and the
 * benchmark, which act for the platform. Pages and API go through `recommendationsFor`. `fullRanking` skips the
 * strong tier (the evaluation checks that both give the same list).
 */
export async function recommendPartners(
  ctx: Ctx,
  actor: ActorSummary,
  limit: number,
  options: { fullRanking?: boolean } = {},
) {
  return rankPartners(ctx, await matchContext(ctx, actor), limit, options)
}

export const matchKinds = ['partners', 'opportunities'] as const
export type MatchKind = (typeof matchKinds)[number]
export const maxMatches = 50

async function organisationToMatch(ctx: Ctx, slug: string) {
  const actor = await getActor(ctx, slug)
  authorize(ctx, 'use', { actorId: actor.id, clusterId: actor.clusterId, looking: true })
  return {
    id: Number(actor.id),
    slug: actor.slug,
    name: actor.name,
    kind: actor.kind,
    clusterId: actor.clusterId,
  }
}

/** An organisation's recommendations: partners and opportunities, best first, with reasons. */
export async function recommendationsFor(
  ctx: Ctx,
  slug: string,
  options: { limit: number; kinds?: MatchKind[] },
) {
  const actor = await organisationToMatch(ctx, slug)
  const kinds = options.kinds ?? matchKinds
  const m = await matchContext(ctx, actor)
  const [partners, opportunities] = await Promise.all([
    kinds.includes('partners') ? rankPartners(ctx, m, options.limit) : [],
    kinds.includes('opportunities') ? rankOpportunities(ctx, m, options.limit) : [],
  ])
  return { actor, partners, opportunities }
}

/** What the pages need to write reasons: the taxonomy and the cities. */
export async function reasonWriter(ctx: Ctx) {
  const [taxonomy, clusters] = await Promise.all([getTaxonomy(ctx), listClusters(ctx)])
  const cities = new Map(clusters.map((c) => [c.id, c]))
  return { cities, text: (reason: Reason) => reasonText(ctx.i18n, taxonomy, cities, reason) }
}

// ---- "not interested" ----------------------------------------------------------------------

export const dismissalSchema = z.object({
  target: z.enum(['actor', 'opportunity']),
  id: z.number().int().positive(),
})

/** Sets a recommendation aside for the organisation: not shown again, and what is like it ranks lower. */
export async function dismissRecommendation(ctx: Ctx, slug: string, input: z.infer<typeof dismissalSchema>) {
  const actor = await getActor(ctx, slug)
  const person = authorize(ctx, 'use', { actorId: actor.id })
  let sectors: string[]
  if (input.target === 'actor') {
    const [target] = await actorsByIds(ctx.db, [input.id])
    if (!target || target.id === actor.id) throw notFound()
    sectors = target.sectors
  } else {
    const found = await publishedOpportunityById(ctx, input.id)
    if (!found) throw notFound()
    sectors = found.sectors
  }
  await inTransaction(ctx, async (tx) => {
    await insertDismissal(tx, {
      actorId: actor.id,
      target: input.target,
      targetId: input.id,
      sectors,
      dismissedBy: person.id,
    })
    await recordAudit(tx, ctx, {
      action: 'matching.dismissed',
      subjectType: 'actor',
      subjectId: actor.id,
      clusterId: actor.clusterId,
      after: { target: input.target, id: input.id },
    })
  })
}

// ---- introductions -------------------------------------------------------------------------

export const introductionRequestSchema = z.object({
  partner: z.string().trim().min(1).max(120),
  note: z.string().trim().min(10).max(1000),
})

export const managerIntroductionSchema = z.object({
  from: z.string().trim().min(1).max(120),
  to: z.string().trim().min(1).max(120),
  note: z.string().trim().min(10).max(1000),
})

export const answerSchema = z.object({ answer: z.enum(['accept', 'decline']) })

type IntroducedActor = Awaited<ReturnType<typeof getActor>>

/**
 * Records an introduction and asks the sides that have not accepted yet: the partner when one organisation
 * asked (its side accepted by asking), both when a cluster manager introduces them.
 */
function recordIntroduction(
  ctx: Ctx,
  personId: string,
  input: {
    from: IntroducedActor
    to: IntroducedActor
    byClusterId: string | null
    note: string
    field: string
  },
) {
  const { from, to, byClusterId } = input
  return inTransaction(ctx, async (tx) => {
    const row = await insertIntroduction(tx, {
      fromActorId: from.id,
      toActorId: to.id,
      byClusterId,
      note: input.note,
      fromAnswer: byClusterId ? 'pending' : 'accepted',
      createdBy: personId,
    })
    if (!row)
      throw fieldError(
        input.field,
        'introduction_exists',
        ctx.i18n.t('matching.error.introduction_exists'),
        409,
      )
    await recordAudit(tx, ctx, {
      action: byClusterId ? 'matching.introduction_made' : 'matching.introduction_requested',
      subjectType: 'introduction',
      subjectId: row.id,
      clusterId: byClusterId ?? from.clusterId,
      after: { from: from.slug, to: to.slug },
    })
    for (const [side, other] of byClusterId
      ? [[from, to] as const, [to, from] as const]
      : [[to, from] as const])
      await notify(
        tx,
        { actorIds: [side.id], except: personId },
        {
          kind: 'matching.introduction_requested',
          values: { organisation: other.name, target: side.name },
          link: `/organisations/${side.slug}/matches#introductions`,
        },
      )
    return row
  })
}

/** Each request tells the other organisation's people: an organisation may ask this often. */
export const introductionRequestLimit = { max: 20, windowMs: 24 * 60 * 60 * 1000 }

/**
 * An organisation asks to be introduced to a recommended partner: its side is accepted by asking, the
 * partner's people are asked; when they accept, a conversation opens between the two.
 */
export async function requestIntroduction(
  ctx: Ctx,
  slug: string,
  input: z.infer<typeof introductionRequestSchema>,
) {
  const from = await getActor(ctx, slug)
  const person = authorize(ctx, 'use', { actorId: from.id })
  const to = await getActor(ctx, input.partner)
  if (to.id === from.id) throw fieldError('partner', 'self_introduction', ctx.i18n.t('matching.error.self'))
  await limitAttempts(ctx.db, `introduce:organisation:${from.id}`, introductionRequestLimit)
  return recordIntroduction(ctx, person.id, {
    from,
    to,
    byClusterId: null,
    note: input.note,
    field: 'partner',
  })
}

/** A cluster manager introduces two organisations (at least one of the manager's city): both are asked. */
export async function introduceOrganisations(
  ctx: Ctx,
  clusterId: string,
  input: z.infer<typeof managerIntroductionSchema>,
) {
  const cluster = await findCluster(ctx, clusterId)
  const person = authorize(ctx, 'introduce', { clusterId: cluster.id })
  const [from, to] = await Promise.all([getActor(ctx, input.from), getActor(ctx, input.to)])
  if (from.id === to.id) throw fieldError('to', 'self_introduction', ctx.i18n.t('matching.error.self'))
  if (from.clusterId !== cluster.id && to.clusterId !== cluster.id && !person.networkAdmin) throw forbidden()
  return recordIntroduction(ctx, person.id, {
    from,
    to,
    byClusterId: cluster.id,
    note: input.note,
    field: 'to',
  })
}

const answerConflict = (ctx: Ctx) =>
  new AppError('conflict', 409, 'matching.error.already_answered', undefined, [
    { field: 'answer', message: ctx.i18n.t('matching.error.already_answered') },
  ])

/**
 * One side answers an introduction. The last acceptance opens a conversation between the two organisations
 * (the note is its first message) and tells both; a refusal ends it and tells the other side.
 */
export async function answerIntroduction(
  ctx: Ctx,
  slug: string,
  id: number,
  input: z.infer<typeof answerSchema>,
) {
  const actor = await getActor(ctx, slug)
  const person = authorize(ctx, 'use', { actorId: actor.id })
  return inTransaction(ctx, async (tx) => {
    const intro = await lockIntroduction(tx, id)
    if (!intro || (intro.fromActorId !== actor.id && intro.toActorId !== actor.id)) throw notFound()
    const side = intro.fromActorId === actor.id ? 'fromAnswer' : 'toAnswer'
    if (intro.status !== 'pending' || intro[side] !== 'pending') throw answerConflict(ctx)
    const otherId = side === 'fromAnswer' ? Number(intro.toActorId) : Number(intro.fromActorId)
    const other = await getActorSummaryById({ db: tx }, otherId)
    if (!other) throw notFound()
    const answer = input.answer === 'accept' ? 'accepted' : 'declined'
    const bothAccepted =
      answer === 'accepted' && intro[side === 'fromAnswer' ? 'toAnswer' : 'fromAnswer'] === 'accepted'
    let conversationId: number | undefined
    if (bothAccepted) {
      conversationId = await openConversation(tx, {
        parties: [Number(intro.fromActorId), Number(intro.toActorId)],
        subject: ctx.i18n.t('matching.introduction.subject', {
          from: side === 'fromAnswer' ? actor.name : other.name,
          to: side === 'fromAnswer' ? other.name : actor.name,
        }),
        origin: { type: 'introduction', id: String(intro.id) },
        first: intro.byClusterId
          ? undefined
          : { actorId: Number(intro.fromActorId), userId: intro.createdBy, body: intro.note },
      })
    }
    const status = answer === 'declined' ? 'declined' : bothAccepted ? 'accepted' : 'pending'
    const saved = await updateIntroduction(tx, intro.id, {
      [side]: answer,
      status,
      ...(conversationId ? { conversationId } : {}),
      ...(status !== 'pending' ? { decidedAt: new Date() } : {}),
    })
    await recordAudit(tx, ctx, {
      action: `matching.introduction_${answer}`,
      subjectType: 'introduction',
      subjectId: intro.id,
      clusterId: actor.clusterId,
      before: { status: intro.status },
      after: { status, by: actor.slug },
    })
    if (status !== 'pending') {
      const link = conversationId
        ? `/messages/${conversationId}`
        : `/organisations/${other.slug}/matches#introductions`
      await notify(
        tx,
        { actorIds: bothAccepted ? [otherId, actor.id] : [otherId], except: person.id },
        {
          kind: bothAccepted ? 'matching.introduction_accepted' : 'matching.introduction_declined',
          values: { organisation: actor.name, target: other.name },
          link,
        },
      )
    }
    return { introduction: saved, conversationId }
  })
}

export interface ShownIntroduction {
  id: number
  other: { slug: string; name: string }
  /** True when this organisation asked for it. */
  askedByUs: boolean
  byClusterId: string | null
  note: string
  ourAnswer: string
  theirAnswer: string
  status: string
  conversationId: number | null
  createdAt: Date
}

/** An organisation's introductions, each seen from its side. */
export async function introductionsOf(ctx: Ctx, slug: string): Promise<ShownIntroduction[]> {
  const actor = await getActor(ctx, slug)
  authorize(ctx, 'use', { actorId: actor.id, clusterId: actor.clusterId, looking: true })
  return (await selectIntroductionsOf(ctx.db, actor.id)).map((i) => {
    const ours = Number(i.fromActorId) === Number(actor.id)
    return {
      id: Number(i.id),
      other: ours ? { slug: i.to_slug, name: i.to_name } : { slug: i.from_slug, name: i.from_name },
      askedByUs: ours && !i.byClusterId,
      byClusterId: i.byClusterId,
      note: i.note,
      ourAnswer: ours ? i.fromAnswer : i.toAnswer,
      theirAnswer: ours ? i.toAnswer : i.fromAnswer,
      status: i.status,
      conversationId: i.conversationId,
      createdAt: new Date(i.createdAt),
    }
  })
}

// ---- cluster managers: suggested introductions ---------------------------------------------

export interface SuggestedIntroduction {
  from: ActorListRow
  to: ActorListRow
  score: number
  reasons: Reason[]
}

/** How many of a city's organisations get a suggestion (the most recently active members first). */
const suggestionSources = 30

/**
 * For a city's cluster manager: for each member organisation of the city, its best partner anywhere in the
 * network (cross-border ones among them), that it has no link or introduction with yet; best pairs first.
 */
export async function suggestedIntroductions(ctx: Ctx, clusterId: string, limit = 20) {
  const cluster = await findCluster(ctx, clusterId)
  authorize(ctx, 'introduce', { clusterId: cluster.id })
  const members = await recentClusterMembers(ctx, cluster.id, suggestionSources)
  const seen = new Set<string>()
  const suggestions: SuggestedIntroduction[] = []
  const sources = await listActorsByIds(ctx, members)
  for (const from of sources) {
    const m = await matchContext(ctx, {
      id: Number(from.id),
      slug: from.slug,
      name: from.name,
      kind: from.kind,
      clusterId: from.cluster_id,
    })
    const [best] = await rankPartners(ctx, m, 1)
    if (!best) continue
    const pair = [Number(from.id), Number(best.actor.id)].sort((a, b) => a - b).join('-')
    if (seen.has(pair)) continue
    seen.add(pair)
    suggestions.push({ from, to: best.actor, score: best.score, reasons: best.reasons })
  }
  return { cluster, suggestions: suggestions.sort((a, b) => b.score - a.score).slice(0, limit) }
}

// ---- tuning --------------------------------------------------------------------------------

export const settingsSchema = z.object({
  cross_border_weight: z.number().min(0).max(maxCrossBorderWeight),
})

export async function matchingSettings(ctx: Ctx) {
  requireNetworkAdmin(ctx.viewer)
  const settings = await selectSettings(ctx.db)
  return { crossBorderWeight: settings?.crossBorderWeight ?? defaultCrossBorderWeight }
}

/** The network admin sets how much a match across a border counts. */
export async function saveMatchingSettings(ctx: Ctx, input: z.infer<typeof settingsSchema>) {
  const person = authorize(ctx, 'tune')
  const before = await matchingSettings(ctx)
  await inTransaction(ctx, async (tx) => {
    await upsertSettings(tx, input.cross_border_weight, person.id)
    await recordAudit(tx, ctx, {
      action: 'matching.settings_changed',
      subjectType: 'matching',
      subjectId: 1,
      clusterId: null,
      before: { cross_border_weight: before.crossBorderWeight },
      after: { cross_border_weight: input.cross_border_weight },
    })
  })
}

// ---- the weekly digest of new matches ------------------------------------------------------

/** How many of the best recommendations a digest looks at. */
const digestDepth = 5

/**
 * Tells every organisation's people about recommendations not announced before; the notification is mailed
 * with Monday's weekly digest (one-click unsubscribe there), in each person's language.
 */
export async function announceNewMatches(db: Db) {
  for (const actorId of await organisationsWithPeople(db)) {
    const actor = await getActorSummaryById({ db }, actorId)
    if (!actor) continue
    // Ranked as a member of the network sees the others: no private needs.
    const ctx = {
      db,
      viewer: { ...anonymousViewer(), networkMember: true },
      i18n: i18nFor('en'),
    } as unknown as Ctx
    const m = await matchContext(ctx, actor)
    const [partners, opportunities] = await Promise.all([
      rankPartners(ctx, m, digestDepth),
      rankOpportunities(ctx, m, digestDepth),
    ])
    const [knownPartners, knownOpportunities] = await Promise.all([
      selectAnnounced(
        db,
        actorId,
        'actor',
        partners.map((p) => Number(p.actor.id)),
      ),
      selectAnnounced(
        db,
        actorId,
        'opportunity',
        opportunities.map((o) => o.opportunity.id),
      ),
    ])
    const newPartners = partners.filter((p) => !knownPartners.has(Number(p.actor.id)))
    const newOpportunities = opportunities.filter((o) => !knownOpportunities.has(o.opportunity.id))
    if (!newPartners.length && !newOpportunities.length) continue
    await db.transaction(async (tx) => {
      await insertAnnounced(tx as unknown as Db, [
        ...newPartners.map((p) => ({ actorId, target: 'actor' as const, targetId: Number(p.actor.id) })),
        ...newOpportunities.map((o) => ({
          actorId,
          target: 'opportunity' as const,
          targetId: o.opportunity.id,
        })),
      ])
      await notify(
        tx as unknown as Db,
        { actorIds: [actorId] },
        {
          kind: 'matching.new_matches',
          values: {
            organisation: actor.name,
            count: newPartners.length + newOpportunities.length,
            // Names and titles as their authors wrote them: the digest tells what is new, the page the rest.
            names: [
              ...newPartners.map((p) => p.actor.name),
              ...newOpportunities.map((o) => o.opportunity.title[o.opportunity.original_language] ?? ''),
            ].join(' · '),
          },
          link: `/organisations/${actor.slug}/matches`,
        },
      )
    })
  }
}

// Sunday night, so that the new matches are in Monday's 06:00 weekly digest.
export const announceNewMatchesJob = defineScheduledJob('matching.announce', '0 4 * * 1', announceNewMatches)

providePersonalData('matching', async (db, personId) => ({
  introductions_created: (await selectIntroductionsCreatedBy(db, personId)).map((i) => ({
    id: i.id,
    from_organisation: i.fromActorId,
    to_organisation: i.toActorId,
    note: i.note,
    status: i.status,
    created_at: i.createdAt,
  })),
}))
