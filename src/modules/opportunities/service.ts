import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import {
  anonymousViewer,
  forbidden,
  providePersonalData,
  requirePerson,
  type SignedInPerson,
} from '../../core/auth'
import { type Db, inTransaction } from '../../core/db/client'
import { AppError, type ErrorDetail, notFound, validationError } from '../../core/errors'
import { storableDate } from '../../core/forms'
import type { Ctx } from '../../core/http'
import { type I18n, locales } from '../../core/i18n'
import { defineScheduledJob } from '../../core/jobs'
import {
  type SearchInput as CoreSearchInput,
  type SearchResult as CoreSearchResult,
  checkFacetValues,
  labelFacets,
  totalOf,
} from '../../core/search'
import { prefixTsquery, queryWords, slugify } from '../../core/text'
import type { FacetOption } from '../../core/views/search'
import { type ActorSummary, getActorSummaryById } from '../actors/service'
import { recordAudit } from '../audit/service'
import { clusterManagerIds } from '../membership/service'
import { openConversation } from '../messages/service'
import { type Cluster, findCluster, listClusters } from '../network/service'
import { defineNotificationKind, notify } from '../notifications/service'
import { capabilitiesInText, findCapabilitiesInText, getTaxonomy, type Taxonomy } from '../taxonomy/service'
import {
  countInterests,
  deadlineWindows,
  deleteOpportunityRow,
  expirePastDeadline,
  type FacetCountRow,
  type FacetFilters,
  type FacetName,
  facetNames,
  insertInterest,
  insertOpportunity,
  type ListedInterest,
  type ListedOpportunity,
  lockOpportunity,
  type NewOpportunityRow,
  type OpportunityRow,
  type RecommendableRow,
  selectInterest,
  selectInterestsCreatedBy,
  selectInterestsOf,
  selectInterestsOfActors,
  selectOpportunitiesByIds,
  selectOpportunitiesCreatedBy,
  selectOpportunitiesOfPosters,
  selectOpportunityBySlug,
  selectOpportunityMatches,
  selectPublishedOfActor,
  selectRecommendable,
  updateInterestDecision,
  updateOpportunityRow,
} from './queries'
import {
  type InterestStatus,
  type OpportunityDetails,
  type OpportunityStatus,
  type OpportunityType,
  opportunityReaches,
  opportunityStatuses,
  opportunityTypes,
} from './schema'

defineNotificationKind('opportunities.interest_received', { email: 'immediate' })
defineNotificationKind('opportunities.interest_decided', { email: 'immediate' })

export type { FacetName, ListedInterest, ListedOpportunity, OpportunityRow, RecommendableRow }
export { deadlineWindows, facetNames, opportunityReaches, opportunityStatuses, opportunityTypes }

providePersonalData('opportunities', async (db, personId) => ({
  opportunities: await selectOpportunitiesCreatedBy(db, personId),
  interests: await selectInterestsCreatedBy(db, personId),
}))

// ---- permissions ---------------------------------------------------------------------------

export type OpportunityAction =
  /** Post for an organisation (any of its people) or on behalf of a cluster (its managers, the network admin). */
  | 'post'
  /** Edit, publish, close, reopen, delete a draft, see and decide interests: whoever may post for its poster. */
  | 'manage'
  /** Pin or unpin an opportunity of a cluster on its board: its managers and the network admin. */
  | 'pin'
  /** Express interest for an organisation: its people, never the poster's own. */
  | 'express_interest'

export interface OpportunitySubject {
  /** The posting organisation; null or absent for a cluster's own. */
  actorId?: number | null
  clusterId?: string
  onBehalfOfCluster?: boolean
  /** The organisation that would express interest. */
  interestedActorId?: number
}

/** The one permission rule of this module. */
export function can(
  ctx: Pick<Ctx, 'viewer'>,
  action: OpportunityAction,
  subject: OpportunitySubject,
): boolean {
  const { person, orgs, managedClusters } = ctx.viewer
  if (!person) return false
  const runsCluster = person.networkAdmin || (!!subject.clusterId && managedClusters.has(subject.clusterId))
  switch (action) {
    case 'post':
    case 'manage':
      return subject.onBehalfOfCluster ? runsCluster : !!subject.actorId && orgs.has(subject.actorId)
    case 'pin':
      return runsCluster
    case 'express_interest':
      return (
        subject.interestedActorId !== undefined &&
        orgs.has(subject.interestedActorId) &&
        subject.interestedActorId !== subject.actorId
      )
  }
}

/** A visitor is asked to sign in (401); a signed-in person without the right is refused (403). */
export function authorize(
  ctx: Pick<Ctx, 'viewer'>,
  action: OpportunityAction,
  subject: OpportunitySubject,
): SignedInPerson {
  const person = requirePerson(ctx.viewer)
  if (!can(ctx, action, subject)) throw forbidden()
  return person
}

const subjectOf = (o: OpportunityRow): OpportunitySubject => ({
  actorId: o.actorId,
  clusterId: o.clusterId,
  onBehalfOfCluster: o.onBehalfOfCluster,
})

/** Where the viewer may post: their organisations, and the clusters they may post for. */
export async function postingOptions(ctx: Ctx) {
  const person = requirePerson(ctx.viewer)
  const organisations = (
    await Promise.all([...ctx.viewer.orgs.keys()].map((id) => getActorSummaryById(ctx, id)))
  ).filter((a): a is ActorSummary => a !== null)
  const clusters = (await listClusters(ctx)).filter(
    (c) => person.networkAdmin || ctx.viewer.managedClusters.has(c.id),
  )
  return { organisations, clusters }
}

// ---- input ---------------------------------------------------------------------------------

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && !v.trim())
const blankToUndefined = (v: unknown) => (isBlank(v) ? undefined : v)
// A number typed in a form arrives as text; text that is no number stays text, so the error says "not valid".
const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess(
    (v) => (isBlank(v) ? undefined : typeof v === 'string' && Number.isFinite(Number(v)) ? Number(v) : v),
    schema.optional(),
  )
const checkbox = z.preprocess(
  (v) => (isBlank(v) ? undefined : v === true || v === 'true' || v === 'on'),
  z.boolean().optional(),
)
const idList = z.preprocess(
  (v) => (isBlank(v) ? [] : [...new Set([v].flat().map(String))]),
  z.array(z.string().min(1).max(80)).max(30),
)
const localized = (max: number) =>
  z.partialRecord(z.enum(locales), z.preprocess(blankToUndefined, z.string().trim().max(max).optional()))
const currency = z.preprocess(
  (v) => (isBlank(v) ? undefined : String(v).trim().toUpperCase()),
  z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
)
const money = optionalNumber(z.number().int().min(0).max(100_000_000))
const isoDate = z.preprocess(blankToUndefined, storableDate().optional())

/** The fields of an opportunity as the API and the form give them (the form's are flattened, see pages). */
export const opportunitySchema = z.object({
  type: z.enum(opportunityTypes),
  title: localized(160),
  description: localized(5000),
  original_language: z.enum(locales),
  sectors: idList,
  offers: idList,
  needs: idList,
  reach: z.enum(opportunityReaches).default('city'),
  deadline: isoDate,
  contact_email: z.preprocess(blankToUndefined, z.email().max(254).optional()),
  details: z.preprocess((v) => v ?? {}, z.record(z.string(), z.unknown())),
})

const workDetails = z.object({
  contractType: z.preprocess(
    blankToUndefined,
    z.enum(['permanent', 'fixed_term', 'freelance', 'part_time']).optional(),
  ),
  hoursPerWeek: optionalNumber(z.number().int().min(1).max(80)),
  salaryMin: money,
  salaryMax: money,
  currency,
  remote: checkbox,
})

/** The details each type carries; the others' are dropped (the form sends every type's fields). */
const detailSchemas: Record<OpportunityType, z.ZodType<OpportunityDetails>> = {
  collaboration_offer: z.object({}),
  collaboration_request: z.object({}),
  job: workDetails,
  internship: workDetails,
  call: z.object({
    budget: money,
    currency,
    eligibility: z.preprocess(blankToUndefined, z.string().trim().max(2000).optional()),
  }) as z.ZodType<OpportunityDetails>,
  workspace: z.object({
    sizeM2: optionalNumber(z.number().int().min(1).max(100_000)),
    pricePerMonth: money,
    currency,
    address: z.preprocess(blankToUndefined, z.string().trim().max(300).optional()),
  }),
}

export const posterSchema = z
  .object({
    organisation: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
    cluster: z.preprocess(blankToUndefined, z.string().max(60).optional()),
    status: z.enum(['draft', 'published']).default('draft'),
  })
  .refine((p) => (p.organisation === undefined) !== (p.cluster === undefined), {
    path: ['organisation'],
  })

export interface OpportunityFields {
  type: OpportunityType
  title: Record<string, string>
  description: Record<string, string>
  originalLanguage: string
  sectors: string[]
  offers: string[]
  needs: string[]
  reach: (typeof opportunityReaches)[number]
  deadline: string | null
  contactEmail: string | null
  details: OpportunityDetails
}

const today = () => new Date().toISOString().slice(0, 10)
const compact = (value: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => !!e[1]))

const invalid = (details: ErrorDetail[]) =>
  new AppError('invalid_request', 422, 'core.form.errors', undefined, details)

/**
 * Checks an opportunity's fields: the schema, the type's details, the original language's text, the
 * taxonomy ids; every problem at its field, in the reader's language, before anything is written.
 */
async function parseFields(
  ctx: Ctx,
  input: unknown,
  options: { onBehalfOfCluster: boolean },
): Promise<OpportunityFields> {
  const parsed = opportunitySchema.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  const f = parsed.data
  const problems: ErrorDetail[] = []
  const detailsParsed = detailSchemas[f.type].safeParse(f.details)
  if (!detailsParsed.success) {
    for (const d of validationError(detailsParsed.error, ctx.i18n).details ?? [])
      problems.push({ ...d, field: `details.${d.field}` })
  }
  const details = detailsParsed.success ? compactDetails(detailsParsed.data, f.original_language) : {}
  const { t } = ctx.i18n
  const lang = f.original_language
  const title = compact(f.title)
  const description = compact(f.description)
  if (!title[lang] || title[lang].length < 5)
    problems.push({ field: `title.${lang}`, message: t('opportunities.error.title') })
  if (!description[lang] || description[lang].length < 20)
    problems.push({ field: `description.${lang}`, message: t('opportunities.error.description') })
  // Checked on what was typed, so it shows beside the other details' errors.
  const [salaryMin, salaryMax] = [f.details.salaryMin, f.details.salaryMax].map((v) =>
    isBlank(v) ? Number.NaN : Number(v),
  )
  if (['job', 'internship'].includes(f.type) && salaryMin > salaryMax)
    problems.push({ field: 'details.salaryMax', message: t('opportunities.error.salary_range') })
  if (f.type === 'call' && !f.deadline)
    problems.push({ field: 'deadline', message: t('opportunities.error.call_deadline') })
  if (options.onBehalfOfCluster && !f.contact_email)
    problems.push({ field: 'contact_email', message: t('opportunities.error.cluster_contact') })
  const { sectorById, capabilityById } = await getTaxonomy(ctx)
  const unknown = (field: string, ids: string[], known: Map<string, unknown>) => {
    for (const id of ids.filter((v) => !known.has(v)))
      problems.push({ field, message: t('opportunities.error.unknown_value', { value: id.slice(0, 60) }) })
  }
  unknown('sectors', f.sectors, sectorById)
  unknown('offers', f.offers, capabilityById)
  unknown('needs', f.needs, capabilityById)
  if (!f.sectors.length) problems.push({ field: 'sectors', message: t('opportunities.error.sectors') })
  if (problems.length) throw invalid(problems)
  return {
    type: f.type,
    title,
    description,
    originalLanguage: lang,
    sectors: f.sectors,
    offers: f.offers,
    needs: f.needs,
    reach: f.reach,
    deadline: f.deadline ?? null,
    contactEmail: f.contact_email ?? null,
    details,
  }
}

/** Types whose poster asks for something: what their text names is needed; in the others it is offered. */
const askingTypes = new Set<OpportunityType>(['collaboration_request', 'job', 'internship'])

/**
 * What matching reads of an opportunity: the picked offers and needs plus the capabilities its title and
 * description name in any language — needed when the type asks or the text says it looks for them.
 */
export function capabilitiesToMatch(
  taxonomy: Taxonomy,
  o: Pick<OpportunityFields, 'type' | 'title' | 'description' | 'offers' | 'needs'>,
) {
  const read = capabilitiesInText(
    taxonomy,
    [...Object.values(o.title), ...Object.values(o.description)].join('\n'),
  )
  const asks = askingTypes.has(o.type)
  const named = read.named.filter((c) => !read.needed.includes(c))
  return {
    matchOffers: [...new Set([...o.offers, ...(asks ? [] : named)])],
    matchNeeds: [...new Set([...o.needs, ...read.needed, ...(asks ? named : [])])],
  }
}

// Eligibility is written in the original language, like the description; empty details are left out.
function compactDetails(details: OpportunityDetails & { eligibility?: unknown }, lang: string) {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined) continue
    out[key] = key === 'eligibility' && typeof value === 'string' ? { [lang]: value } : value
  }
  if (
    (out.salaryMin !== undefined || out.budget !== undefined || out.pricePerMonth !== undefined) &&
    !out.currency
  )
    out.currency = 'EUR'
  return out as OpportunityDetails
}

/** The opportunity's fields as the API gives them, for an edit that changes only some. */
export function inputOf(o: OpportunityRow) {
  const { eligibility, ...details } = o.details
  return {
    type: o.type,
    title: o.title,
    description: o.description,
    original_language: o.originalLanguage,
    sectors: o.sectors,
    offers: o.offers,
    needs: o.needs,
    reach: o.reach,
    deadline: o.deadline ?? undefined,
    contact_email: o.contactEmail ?? undefined,
    details: { ...details, ...(eligibility ? { eligibility: eligibility[o.originalLanguage] } : {}) },
  }
}

const stateError = (key: string) => new AppError('invalid_state', 409, `opportunities.error.${key}`)

const deadlinePassed = (deadline: string | null) => !!deadline && deadline < today()

// ---- verbs ---------------------------------------------------------------------------------

function newSlug(title: string) {
  return `${slugify(title).slice(0, 60).replace(/-+$/, '') || 'opportunity'}-${randomBytes(3).toString('hex')}`
}

/**
 * Posts an opportunity, as a draft or published at once: for an organisation the person belongs to, or
 * on behalf of a cluster they manage (then the organisation is none and the cluster's contact e-mail is
 * the way to answer).
 */
export async function createOpportunity(ctx: Ctx, input: unknown): Promise<OpportunityRow> {
  const person = requirePerson(ctx.viewer)
  if (!ctx.viewer.orgs.size && !ctx.viewer.managedClusters.size && !person.networkAdmin) throw forbidden()
  const posterParsed = posterSchema.safeParse(input)
  if (!posterParsed.success) throw validationError(posterParsed.error, ctx.i18n)
  const poster = posterParsed.data
  let actorId: number | null = null
  let clusterId: string
  if (poster.organisation !== undefined) {
    authorize(ctx, 'post', { actorId: poster.organisation })
    const actor = await getActorSummaryById(ctx, poster.organisation)
    if (!actor) throw notFound()
    actorId = actor.id
    clusterId = actor.clusterId
  } else {
    const cluster = await findCluster(ctx, poster.cluster!)
    authorize(ctx, 'post', { clusterId: cluster.id, onBehalfOfCluster: true })
    clusterId = cluster.id
  }
  const onBehalfOfCluster = actorId === null
  const fields = await parseFields(ctx, input, { onBehalfOfCluster })
  if (poster.status === 'published' && deadlinePassed(fields.deadline))
    throw invalid([{ field: 'deadline', message: ctx.i18n.t('opportunities.error.deadline_past') }])
  const slug = newSlug(fields.title[fields.originalLanguage])
  const toMatch = capabilitiesToMatch(await getTaxonomy(ctx), fields)
  return inTransaction(ctx, async (tx) => {
    const row = await insertOpportunity(tx, {
      ...fields,
      ...toMatch,
      slug,
      actorId,
      clusterId,
      onBehalfOfCluster,
      status: poster.status,
      createdBy: person.id,
      publishedAt: poster.status === 'published' ? new Date() : null,
    })
    await recordAudit(tx, ctx, {
      action: 'opportunity.created',
      subjectType: 'opportunity',
      subjectId: row.id,
      clusterId,
      after: { slug, status: row.status, type: row.type, actorId, onBehalfOfCluster },
    })
    return row
  })
}

/** An opportunity for whoever manages it (its edit form, its interests); a draft is not found by others. */
export async function opportunityForManaging(ctx: Ctx, slug: string) {
  const opportunity = await selectOpportunityBySlug(ctx.db, slug)
  if (!opportunity) throw notFound()
  authorize(ctx, 'manage', subjectOf(opportunity))
  return opportunity
}

/** Changes an opportunity's fields; what the input leaves out stays as it is. */
export async function updateOpportunity(ctx: Ctx, slug: string, input: Record<string, unknown>) {
  const current = await opportunityForManaging(ctx, slug)
  const merged = { ...inputOf(current), ...input }
  const fields = await parseFields(ctx, merged, { onBehalfOfCluster: current.onBehalfOfCluster })
  if (
    current.status === 'published' &&
    deadlinePassed(fields.deadline) &&
    fields.deadline !== current.deadline
  )
    throw invalid([{ field: 'deadline', message: ctx.i18n.t('opportunities.error.deadline_past') }])
  const toMatch = capabilitiesToMatch(await getTaxonomy(ctx), fields)
  return inTransaction(ctx, async (tx) => {
    const row = await updateOpportunityRow(tx, current.id, { ...fields, ...toMatch })
    await recordAudit(tx, ctx, {
      action: 'opportunity.updated',
      subjectType: 'opportunity',
      subjectId: current.id,
      clusterId: current.clusterId,
      before: changedOf(current, fields, 'before'),
      after: changedOf(current, fields, 'after'),
    })
    return row
  })
}

function changedOf(current: OpportunityRow, fields: OpportunityFields, side: 'before' | 'after') {
  const old = current as unknown as Record<string, unknown>
  const next = fields as unknown as Record<string, unknown>
  const keys = Object.keys(fields).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(next[k]))
  return Object.fromEntries(keys.map((k) => [k, (side === 'before' ? old : next)[k]]))
}

async function changeStatus(
  ctx: Ctx,
  current: OpportunityRow,
  status: OpportunityStatus,
  action: string,
  extra: Partial<NewOpportunityRow> = {},
) {
  return inTransaction(ctx, async (tx) => {
    // Two people of the poster acting at once: the second sees the first's change.
    if ((await lockOpportunity(tx, current.id)) !== current.status) throw stateError('changed')
    const row = await updateOpportunityRow(tx, current.id, { status, ...extra })
    await recordAudit(tx, ctx, {
      action,
      subjectType: 'opportunity',
      subjectId: current.id,
      clusterId: current.clusterId,
      before: { status: current.status, deadline: current.deadline },
      after: { status, deadline: row.deadline },
    })
    return row
  })
}

/** Publishes a draft; its deadline must not have passed. */
export async function publishOpportunity(ctx: Ctx, slug: string) {
  const current = await opportunityForManaging(ctx, slug)
  if (current.status !== 'draft') throw stateError('not_draft')
  if (deadlinePassed(current.deadline))
    throw invalid([{ field: 'deadline', message: ctx.i18n.t('opportunities.error.deadline_past') }])
  return changeStatus(ctx, current, 'published', 'opportunity.published', { publishedAt: new Date() })
}

/** Closes a published opportunity: off the board, no more interest. */
export async function closeOpportunity(ctx: Ctx, slug: string) {
  const current = await opportunityForManaging(ctx, slug)
  if (current.status !== 'published') throw stateError('not_published')
  return changeStatus(ctx, current, 'closed', 'opportunity.closed', { closedAt: new Date() })
}

export const reopenSchema = z.object({ deadline: isoDate })

/** Publishes a closed or expired opportunity again; a deadline that has passed needs a new one. */
export async function reopenOpportunity(ctx: Ctx, slug: string, input: unknown) {
  const current = await opportunityForManaging(ctx, slug)
  const parsed = reopenSchema.safeParse(input ?? {})
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  if (current.status !== 'closed' && current.status !== 'expired') throw stateError('not_closed')
  const deadline = parsed.data.deadline ?? current.deadline
  if (deadlinePassed(deadline))
    throw invalid([{ field: 'deadline', message: ctx.i18n.t('opportunities.error.deadline_new') }])
  return changeStatus(ctx, current, 'published', 'opportunity.reopened', {
    deadline,
    closedAt: null,
    publishedAt: new Date(),
  })
}

/** Deletes a draft; a published opportunity is closed instead, so its interests stay. */
export async function deleteDraft(ctx: Ctx, slug: string) {
  const current = await opportunityForManaging(ctx, slug)
  if (current.status !== 'draft') throw stateError('delete_published')
  await inTransaction(ctx, async (tx) => {
    if ((await lockOpportunity(tx, current.id)) !== 'draft') throw stateError('changed')
    await deleteOpportunityRow(tx, current.id)
    await recordAudit(tx, ctx, {
      action: 'opportunity.deleted',
      subjectType: 'opportunity',
      subjectId: current.id,
      clusterId: current.clusterId,
      before: { slug: current.slug, status: current.status, title: current.title },
    })
  })
}

/** A cluster manager pins an opportunity of their cluster to the top of the board, or unpins it. */
export async function pinOpportunity(ctx: Ctx, slug: string, pinned: boolean) {
  const current = await selectOpportunityBySlug(ctx.db, slug)
  if (!current) throw notFound()
  authorize(ctx, 'pin', { clusterId: current.clusterId })
  // Pinned means first on the board, where only published ones are; taking a pin off is always possible.
  if (pinned && current.status !== 'published') throw stateError('pin_published')
  return inTransaction(ctx, async (tx) => {
    const row = await updateOpportunityRow(tx, current.id, { pinned })
    await recordAudit(tx, ctx, {
      action: pinned ? 'opportunity.pinned' : 'opportunity.unpinned',
      subjectType: 'opportunity',
      subjectId: current.id,
      clusterId: current.clusterId,
      before: { pinned: current.pinned },
      after: { pinned },
    })
    return row
  })
}

/** Expires every published opportunity whose deadline has passed (the hourly job); returns how many. */
export async function expireOpportunities(db: Db): Promise<number> {
  const ctx = { db, viewer: anonymousViewer(), requestId: 'job:opportunities.expire' }
  return inTransaction(ctx, async (tx) => {
    const expired = await expirePastDeadline(tx)
    for (const o of expired)
      await recordAudit(tx, ctx, {
        action: 'opportunity.expired',
        subjectType: 'opportunity',
        subjectId: o.id,
        clusterId: o.cluster_id,
        before: { status: 'published' },
        after: { status: 'expired' },
      })
    return expired.length
  })
}

export const expireOpportunitiesJob = defineScheduledJob('opportunities.expire', '7 * * * *', async (db) => {
  await expireOpportunities(db)
})

// ---- reading -------------------------------------------------------------------------------

/**
 * One opportunity. Drafts are seen only by whoever manages them; closed and expired ones stay readable
 * (with their state) so links in conversations and notifications keep working.
 */
export async function getOpportunity(ctx: Ctx, slug: string): Promise<ListedOpportunity> {
  const found = await selectOpportunityBySlug(ctx.db, slug)
  if (!found) throw notFound()
  if (can(ctx, 'manage', subjectOf(found))) return found
  if (found.status === 'draft') throw notFound()
  // The contact e-mail is what acceptance gives: only organisations whose interest was accepted see it.
  const accepted = (await selectInterestsOfActors(ctx.db, found.id, [...ctx.viewer.orgs.keys()])).some(
    (i) => i.status === 'accepted',
  )
  return accepted ? found : { ...found, contactEmail: null }
}

/** The viewer's organisations' opportunities, and those of the clusters they manage, in every state. */
export async function listMyOpportunities(ctx: Ctx) {
  const person = requirePerson(ctx.viewer)
  const clusters = person.networkAdmin
    ? (await listClusters(ctx)).map((c) => c.id)
    : [...ctx.viewer.managedClusters]
  const list = await selectOpportunitiesOfPosters(ctx.db, [...ctx.viewer.orgs.keys()], clusters)
  const interestCounts = await countInterests(
    ctx.db,
    list.map((o) => o.id),
  )
  return list.map((o) => ({ ...o, interests: interestCounts.get(o.id) ?? 0 }))
}

/** An organisation's published opportunities, for its profile. */
/**
 * Opportunities an organisation may answer that ask for what it offers or offer what it needs (see
 * selectRecommendable), newest first, with which of its offers and needs each one meets.
 */
export const recommendableOpportunities = (
  ctx: Pick<Ctx, 'db'>,
  query: Parameters<typeof selectRecommendable>[1],
) => selectRecommendable(ctx.db, query)

/** A published opportunity by id (what everyone may see of it), or undefined. */
export async function publishedOpportunityById(ctx: Pick<Ctx, 'db'>, id: number) {
  const [found] = await selectOpportunitiesByIds(ctx.db, [id])
  return found?.status === 'published' ? found : undefined
}

export const publishedOpportunitiesOf = (ctx: Pick<Ctx, 'db'>, actorId: number, limit = 10) =>
  selectPublishedOfActor(ctx.db, actorId, limit)

export const sortOrders = ['relevance', 'newest', 'deadline'] as const
export const maxPerPage = 100
export const maxPage = 500

export type SearchInput = CoreSearchInput<FacetName, (typeof sortOrders)[number]> & { pinnedFirst?: boolean }

export type SearchResult = CoreSearchResult<ListedOpportunity, FacetName>

function checkFilters(ctx: Ctx, taxonomy: Taxonomy, clusters: Cluster[], filters: FacetFilters) {
  const known: Record<FacetName, (v: string) => boolean> = {
    type: (v) => (opportunityTypes as readonly string[]).includes(v),
    city: (v) => clusters.some((c) => c.id === v),
    sector: (v) => taxonomy.sectorById.has(v),
    capability: (v) => taxonomy.capabilityById.has(v),
    deadline: (v) => (deadlineWindows as readonly string[]).includes(v),
    reach: (v) => (opportunityReaches as readonly string[]).includes(v),
  }
  checkFacetValues(ctx.i18n, known, filters, 'opportunities.error.unknown_value')
}

/**
 * The board: published opportunities by words of their title and description (prefix, accents
 * ignored) or by a capability the query names in any language, with facet counts, pinned first.
 */
export async function searchOpportunities(ctx: Ctx, input: SearchInput): Promise<SearchResult> {
  const [taxonomy, clusters] = await Promise.all([getTaxonomy(ctx), listClusters(ctx)])
  checkFilters(ctx, taxonomy, clusters, input.filters)
  const words = input.q ? queryWords(input.q) : []
  const text = words.length
    ? { tsquery: prefixTsquery(words), capabilities: await findCapabilitiesInText(ctx, input.q!) }
    : undefined
  const { pageIds, counts } = await selectOpportunityMatches(ctx.db, {
    text,
    filters: input.filters,
    sort: input.sort,
    pinnedFirst: input.pinnedFirst ?? true,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  })
  return {
    // The contact e-mail is what acceptance gives (see getOpportunity): never on the board, the feed or the API's list.
    items: (await selectOpportunitiesByIds(ctx.db, pageIds)).map((o) => ({ ...o, contactEmail: null })),
    total: totalOf(counts),
    facets: labelFacetsOf(ctx, taxonomy, clusters, counts, input.filters),
    page: input.page,
    perPage: input.perPage,
  }
}

function labelFacetsOf(
  ctx: Ctx,
  taxonomy: Taxonomy,
  clusters: Cluster[],
  counts: FacetCountRow[],
  filters: FacetFilters,
): Record<FacetName, FacetOption[]> {
  const { t, locale } = ctx.i18n
  const cityName = new Map(clusters.map((c) => [c.id, c.cityName]))
  const label: Record<FacetName, (v: string) => string> = {
    type: (v) => t(`opportunities.type.${v}`),
    city: (v) => cityName.get(v) ?? v,
    sector: (v) => taxonomy.sectorById.get(v)?.name[locale] ?? v,
    capability: (v) => taxonomy.capabilityById.get(v)?.label[locale] ?? v,
    deadline: (v) => t(`opportunities.deadline_window.${v}`),
    reach: (v) => t(`opportunities.reach.${v}`),
  }
  // Types and deadline windows keep their natural order; the others go by count.
  return labelFacets(ctx.i18n, label, counts, filters, { type: opportunityTypes, deadline: deadlineWindows })
}

// ---- expressions of interest ---------------------------------------------------------------

export const interestSchema = z.object({
  organisation: z.coerce.number().int().positive(),
  message: z.string().trim().min(20).max(1000),
})

/** The viewer's organisations that may express interest in this opportunity, with what they did already. */
export async function interestOptions(ctx: Ctx, opportunity: OpportunityRow) {
  if (!ctx.viewer.person) return { organisations: [], expressed: [] as ListedInterest[] }
  const ids = [...ctx.viewer.orgs.keys()].filter((id) => id !== opportunity.actorId)
  const [summaries, expressed] = await Promise.all([
    Promise.all(ids.map((id) => getActorSummaryById(ctx, id))),
    selectInterestsOfActors(ctx.db, opportunity.id, ids),
  ])
  return {
    organisations: summaries.filter(
      (a): a is ActorSummary => a !== null && !expressed.some((e) => e.actorId === a.id),
    ),
    expressed,
  }
}

/** Who posted an opportunity: its organisation, or the cluster of its city. */
export const posterName = (i18n: I18n, o: Pick<ListedOpportunity, 'posterName'>, cityName: string) =>
  o.posterName ?? i18n.t('opportunities.cluster_poster', { city: cityName })

/** An organisation tells the poster it is interested, with a short message; once per opportunity. */
export async function expressInterest(ctx: Ctx, slug: string, input: unknown) {
  const person = requirePerson(ctx.viewer)
  const opportunity = await getOpportunity(ctx, slug)
  const parsed = interestSchema.safeParse(input)
  if (!parsed.success) {
    // The permission first: a person of no organisation learns nothing of the form.
    if (![...ctx.viewer.orgs.keys()].some((id) => id !== opportunity.actorId)) throw forbidden()
    throw validationError(parsed.error, ctx.i18n)
  }
  const { organisation, message } = parsed.data
  authorize(ctx, 'express_interest', { actorId: opportunity.actorId, interestedActorId: organisation })
  if (opportunity.status !== 'published') throw stateError('interest_closed')
  const actor = (await getActorSummaryById(ctx, organisation))!
  return inTransaction(ctx, async (tx) => {
    const row = await insertInterest(tx, {
      opportunityId: opportunity.id,
      actorId: organisation,
      message,
      createdBy: person.id,
    })
    if (!row) throw new AppError('interest_exists', 409, 'opportunities.error.interest_exists')
    await recordAudit(tx, ctx, {
      action: 'interest.expressed',
      subjectType: 'interest',
      subjectId: row.id,
      clusterId: opportunity.clusterId,
      after: { opportunity: opportunity.slug, actor: actor.slug, message },
    })
    const values = { organisation: actor.name, title: titleIn(opportunity, opportunity.originalLanguage) }
    const link = `/opportunities/${opportunity.slug}/interests`
    // A cluster's own opportunity has no organisation to tell: its managers, who decide, hear of it.
    await notify(
      tx,
      opportunity.actorId
        ? { actorIds: [opportunity.actorId], except: person.id }
        : { userIds: await clusterManagerIds(tx, opportunity.clusterId), except: person.id },
      { kind: 'opportunities.interest_received', values, link },
    )
    return row
  })
}

const titleIn = (o: OpportunityRow, lang: string) =>
  o.title[lang] ?? o.title[o.originalLanguage] ?? Object.values(o.title)[0] ?? ''

/** The organisations interested in an opportunity, for whoever manages it. */
export async function listInterests(ctx: Ctx, slug: string) {
  const opportunity = await opportunityForManaging(ctx, slug)
  return { opportunity, interests: await selectInterestsOf(ctx.db, opportunity.id) }
}

export const decisions = ['shortlisted', 'accepted', 'declined'] as const
export const decisionSchema = z.object({
  decision: z.enum(decisions),
  reason: z.preprocess(blankToUndefined, z.string().trim().max(1000).optional()),
})

const finalStates: InterestStatus[] = ['accepted', 'declined']

/**
 * The poster shortlists, accepts or declines an interest. Acceptance opens a conversation between the two
 * organisations, with the interest's message as its first; for a cluster's own opportunity (conversations
 * are between organisations) the interested organisation is sent the contact e-mail instead.
 */
export async function decideInterest(ctx: Ctx, slug: string, interestId: number, input: unknown) {
  const opportunity = await opportunityForManaging(ctx, slug)
  const interest = await selectInterest(ctx.db, interestId)
  if (!interest || interest.opportunityId !== opportunity.id) throw notFound()
  const parsed = decisionSchema.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  const { decision, reason } = parsed.data
  if (finalStates.includes(interest.status) || interest.status === decision) throw stateError('decided')
  const from = posterName(ctx.i18n, opportunity, (await findCluster(ctx, opportunity.clusterId)).cityName)
  return inTransaction(ctx, async (tx) => {
    // Two people of the poster deciding at once: the second sees the first's decision (one conversation).
    await lockOpportunity(tx, opportunity.id)
    const fresh = await selectInterest(tx, interest.id)
    if (!fresh || finalStates.includes(fresh.status) || fresh.status === decision) throw stateError('decided')
    let conversationId: number | null = null
    if (decision === 'accepted' && opportunity.actorId) {
      conversationId = await openConversation(tx, {
        parties: [opportunity.actorId, interest.actorId],
        subject: titleIn(opportunity, opportunity.originalLanguage),
        origin: { type: 'interest', id: String(interest.id) },
        first: { actorId: interest.actorId, userId: interest.createdBy, body: interest.message },
      })
    }
    await updateInterestDecision(tx, interest.id, { status: decision, conversationId })
    await recordAudit(tx, ctx, {
      action: 'interest.decided',
      subjectType: 'interest',
      subjectId: interest.id,
      clusterId: opportunity.clusterId,
      before: { status: fresh.status },
      after: { status: decision, reason: reason ?? null, conversationId },
    })
    const byMail = decision === 'accepted' && !opportunity.actorId
    await notify(
      tx,
      { actorIds: [interest.actorId], except: ctx.viewer.person?.id },
      {
        kind: 'opportunities.interest_decided',
        values: {
          organisation: from,
          title: titleIn(opportunity, opportunity.originalLanguage),
          decision: byMail ? 'contact' : decision,
          // Only the accepted organisation of a cluster's opportunity is given the contact e-mail.
          contact: byMail ? (opportunity.contactEmail ?? '') : '',
          reason: reason ?? '',
          with_reason: reason ? 'yes' : 'no',
        },
        link: conversationId ? `/messages/${conversationId}` : `/opportunities/${opportunity.slug}`,
      },
    )
    return { ...interest, status: decision, conversationId }
  })
}
