import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { forbidden, providePersonalData, requirePerson, type SignedInPerson } from '../../core/auth'
import { type Db, inTransaction } from '../../core/db/client'
import { AppError, type ErrorDetail, notFound, validationError } from '../../core/errors'
import { storableDate } from '../../core/forms'
import { type Bbox, gridCellSize, type PointGroupRow } from '../../core/geo'
import type { Ctx } from '../../core/http'
import { type I18n, locales } from '../../core/i18n'
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
import { provideDistrictIndicators } from '../districts/service'
import { openConversation } from '../messages/service'
import { type Cluster, type District, findCluster, listClusters, listDistricts } from '../network/service'
import { defineNotificationKind, notify } from '../notifications/service'
import { deletePhotoFiles, maxPhotos, preparePhotos, writePhotos } from './photos'
import {
  countOpenApplications,
  countOpenReports,
  declineOtherApplications,
  deletePhotos,
  type FacetCountRow,
  type FacetFilters,
  type FacetName,
  facetNames,
  insertApplication,
  insertPhotos,
  insertSpace,
  insertSpaceEvent,
  insertVacancyReport,
  type ListedApplication,
  type ListedSpace,
  listedStatuses,
  lockSpace,
  lockVacancyReport,
  type PointQuery as PointRows,
  rentBands,
  type SpacePointRow,
  type SpaceRow,
  selectApplication,
  selectApplicationsCreatedBy,
  selectApplicationsOf,
  selectApplicationsOfActors,
  selectLetToTenant,
  selectMonthlySpaceCounts,
  selectOfferedOfOwner,
  selectPhotos,
  selectReportsBy,
  selectSpaceBySlug,
  selectSpaceGroups,
  selectSpaceMatches,
  selectSpacePoints,
  selectSpacesByIds,
  selectSpacesOfDistrict,
  selectSpacesOfOwners,
  selectVacancyReport,
  selectVacancyReports,
  sizeBands,
  updateApplication,
  updateSpaceRow,
  updateVacancyReport,
  type VacancyReportRow,
} from './queries'
import {
  type SpaceApplicationStatus,
  type SpaceStatus,
  spaceConditions,
  spaceStatuses,
  spaceTerms,
  spaceTypes,
} from './schema'

defineNotificationKind('spaces.application_received', { email: 'immediate' })
defineNotificationKind('spaces.application_decided', { email: 'immediate' })
defineNotificationKind('spaces.vacancy_decided', { email: 'immediate' })

export type { FacetName, ListedApplication, ListedSpace, SpaceRow, VacancyReportRow }
export {
  facetNames,
  listedStatuses,
  rentBands,
  sizeBands,
  spaceConditions,
  spaceStatuses,
  spaceTerms,
  spaceTypes,
}

/** What a space may have, translated as `spaces.facility.<id>`. */
export const facilities = [
  'water',
  'electricity',
  'heating',
  'toilet',
  'kitchen',
  'internet',
  'step_free',
  'loading',
  'storage',
] as const

/** Meanwhile use without rent: the occupant pays the running costs or guards the building. */
const rentFreeTerms: readonly string[] = ['free_for_costs', 'guardian']

providePersonalData('spaces', async (db, personId) => ({
  applications: await selectApplicationsCreatedBy(db, personId),
  vacancy_reports: await selectReportsBy(db, personId),
}))

// ---- permissions ---------------------------------------------------------------------------

export type SpaceAction =
  /** Offer a space for an organisation, edit, withdraw, end a tenancy, see and decide applications: its people. */
  | 'manage'
  /** Apply for a space for an organisation: its people, never the owner's own. */
  | 'apply'
  /** Report a vacant building: people of the network's member organisations. */
  | 'report_vacancy'
  /** See a city's vacancy reports and verify or reject them: its cluster managers and the network admin. */
  | 'review_vacancies'

export interface SpaceSubject {
  ownerActorId?: number
  applicantActorId?: number
  clusterId?: string
}

/** The one permission rule of this module. */
export function can(ctx: Pick<Ctx, 'viewer'>, action: SpaceAction, subject: SpaceSubject = {}): boolean {
  const { person, orgs, managedClusters, networkMember } = ctx.viewer
  if (!person) return false
  switch (action) {
    case 'manage':
      return subject.ownerActorId !== undefined && orgs.has(subject.ownerActorId)
    case 'apply':
      return (
        subject.applicantActorId !== undefined &&
        orgs.has(subject.applicantActorId) &&
        subject.applicantActorId !== subject.ownerActorId
      )
    case 'report_vacancy':
      return networkMember
    case 'review_vacancies':
      return person.networkAdmin || (!!subject.clusterId && managedClusters.has(subject.clusterId))
  }
}

/** A visitor is asked to sign in (401); a signed-in person without the right is refused (403). */
export function authorize(
  ctx: Pick<Ctx, 'viewer'>,
  action: SpaceAction,
  subject: SpaceSubject = {},
): SignedInPerson {
  const person = requirePerson(ctx.viewer)
  if (!can(ctx, action, subject)) throw forbidden()
  return person
}

/** The organisations the viewer may offer spaces for. */
export async function ownerOptions(ctx: Ctx): Promise<ActorSummary[]> {
  requirePerson(ctx.viewer)
  return (await Promise.all([...ctx.viewer.orgs.keys()].map((id) => getActorSummaryById(ctx, id)))).filter(
    (a): a is ActorSummary => a !== null,
  )
}

// ---- input ---------------------------------------------------------------------------------

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && !v.trim())
const blankToUndefined = (v: unknown) => (isBlank(v) ? undefined : v)
// A number typed in a form arrives as text; text that is no number stays text, so the error says "not valid".
const numberOf = (v: unknown) =>
  typeof v === 'string' && v.trim() && Number.isFinite(Number(v)) ? Number(v) : v
const optionalNumber = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (isBlank(v) ? undefined : numberOf(v)), schema.optional())
const requiredNumber = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (isBlank(v) ? undefined : numberOf(v)), schema)
const localized = (max: number) =>
  z.partialRecord(z.enum(locales), z.preprocess(blankToUndefined, z.string().trim().max(max).optional()))
const optionalDate = z.preprocess(blankToUndefined, storableDate().optional())
const latitude = z.number().min(-90).max(90)
const longitude = z.number().min(-180).max(180)

/** The fields of a space as the API and the form give them. */
export const spaceSchema = z.object({
  title: localized(160),
  description: localized(5000),
  original_language: z.enum(locales),
  address: z.string().trim().min(3).max(300),
  lat: requiredNumber(latitude),
  lon: requiredNumber(longitude),
  district: z.preprocess(blankToUndefined, z.string().max(80).optional()),
  type: z.enum(spaceTypes),
  floor_area: requiredNumber(z.number().int().min(1).max(1_000_000)),
  condition: z.enum(spaceConditions),
  facilities: z.preprocess(
    (v) => (isBlank(v) ? [] : [...new Set([v].flat().map(String))]),
    z.array(z.enum(facilities)).max(facilities.length),
  ),
  terms: z.enum(spaceTerms),
  rent_per_month: optionalNumber(z.number().int().min(0).max(10_000_000)),
  available_from: z.preprocess(blankToUndefined, storableDate()),
  available_to: optionalDate,
  accessibility: z.preprocess((v) => v ?? {}, localized(2000)),
})

export const ownerSchema = z.object({ owner: requiredNumber(z.number().int().positive()) })

export interface SpaceFields {
  title: Record<string, string>
  description: Record<string, string>
  originalLanguage: string
  address: string
  lat: number
  lon: number
  districtId: string | null
  type: SpaceRow['type']
  floorArea: number
  condition: SpaceRow['condition']
  facilities: string[]
  terms: SpaceRow['terms']
  rentPerMonth: number | null
  availableFrom: string
  availableTo: string | null
  accessibility: Record<string, string> | null
}

const compact = (value: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => !!e[1]))

const invalid = (details: ErrorDetail[]) =>
  new AppError('invalid_request', 422, 'core.form.errors', undefined, details)

const stateError = (key: string) => new AppError('invalid_state', 409, `spaces.error.${key}`)

/** Kilometres between two points on the earth (haversine). */
function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.sqrt(h))
}

/** How far from the city's centre a place still counts as in the city. */
const cityRadiusKm = 30

/** Checks a place (lat/lon, district) against its city; problems as field errors. */
async function checkPlace(
  ctx: Ctx,
  city: Cluster,
  place: { lat?: number; lon?: number; district?: string },
  problems: ErrorDetail[],
): Promise<District | null> {
  const { t } = ctx.i18n
  if (
    place.lat !== undefined &&
    place.lon !== undefined &&
    distanceKm(city, place as { lat: number; lon: number }) > cityRadiusKm
  )
    problems.push({ field: 'lat', message: t('spaces.error.outside_city', { city: city.cityName }) })
  if (!place.district) return null
  const district = (await listDistricts(ctx, city.id)).find((d) => d.id === place.district)
  if (!district)
    problems.push({ field: 'district', message: t('spaces.error.district', { city: city.cityName }) })
  return district ?? null
}

/** Validates a space's fields for a city: every problem at once, as translated field errors. */
export async function parseSpaceFields(ctx: Ctx, city: Cluster, input: unknown): Promise<SpaceFields> {
  const parsed = spaceSchema.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  const f = parsed.data
  const { t } = ctx.i18n
  const problems: ErrorDetail[] = []
  const lang = f.original_language
  const title = compact(f.title)
  const description = compact(f.description)
  if (!title[lang] || title[lang].length < 5)
    problems.push({ field: `title.${lang}`, message: t('spaces.error.title') })
  if (!description[lang] || description[lang].length < 20)
    problems.push({ field: `description.${lang}`, message: t('spaces.error.description') })
  const rentFree = rentFreeTerms.includes(f.terms)
  if (rentFree && (f.rent_per_month ?? 0) > 0)
    problems.push({ field: 'rent_per_month', message: t('spaces.error.rent_free') })
  if (!rentFree && !f.rent_per_month)
    problems.push({ field: 'rent_per_month', message: t('spaces.error.rent_required') })
  if (f.available_to && f.available_to < f.available_from)
    problems.push({ field: 'available_to', message: t('spaces.error.available_to') })
  const district = await checkPlace(ctx, city, f, problems)
  if (problems.length) throw invalid(problems)
  const accessibility = compact(f.accessibility)
  return {
    title,
    description,
    originalLanguage: lang,
    address: f.address,
    lat: f.lat,
    lon: f.lon,
    districtId: district?.id ?? null,
    type: f.type,
    floorArea: f.floor_area,
    condition: f.condition,
    facilities: facilities.filter((x) => f.facilities.includes(x)),
    terms: f.terms,
    rentPerMonth: rentFree ? null : (f.rent_per_month ?? null),
    availableFrom: f.available_from,
    availableTo: f.available_to ?? null,
    accessibility: Object.keys(accessibility).length ? accessibility : null,
  }
}

/** A space's fields as the API gives them, for an edit that changes only some. */
export function inputOf(s: SpaceRow) {
  return {
    title: s.title,
    description: s.description,
    original_language: s.originalLanguage,
    address: s.address,
    lat: s.lat,
    lon: s.lon,
    district: s.districtId ?? undefined,
    type: s.type,
    floor_area: s.floorArea,
    condition: s.condition,
    facilities: s.facilities,
    terms: s.terms,
    rent_per_month: s.rentPerMonth ?? undefined,
    available_from: s.availableFrom,
    available_to: s.availableTo ?? undefined,
    accessibility: s.accessibility ?? {},
  }
}

function newSlug(title: string) {
  return `${slugify(title).slice(0, 60).replace(/-+$/, '') || 'space'}-${randomBytes(3).toString('hex')}`
}

export const titleIn = (s: Pick<SpaceRow, 'title' | 'originalLanguage'>, lang: string) =>
  s.title[lang] ?? s.title[s.originalLanguage] ?? Object.values(s.title)[0] ?? ''

/** Photos checked and re-encoded before anything is written; too many is a field error. */
async function checkedPhotos(ctx: Ctx, photos: Uint8Array[], already = 0) {
  if (already + photos.length > maxPhotos)
    throw invalid([
      { field: 'photos', message: ctx.i18n.t('spaces.error.too_many_photos', { max: maxPhotos }) },
    ])
  return preparePhotos(ctx.i18n, 'photos', photos)
}

/**
 * Runs a change that stores files: the files are written first, and removed again when the change fails,
 * so a refused change leaves no file behind.
 */
async function withStoredFiles<T>(
  ctx: Ctx,
  kind: 'spaces' | 'vacancies',
  files: Buffer[],
  change: (keys: string[]) => Promise<T>,
): Promise<T> {
  const keys = await writePhotos(ctx.config, kind, files)
  try {
    return await change(keys)
  } catch (err) {
    await deletePhotoFiles(ctx.config, kind, keys)
    throw err
  }
}

async function insertNewSpace(
  tx: Db,
  ctx: Ctx,
  owner: ActorSummary,
  fields: SpaceFields,
  photoKeys: string[],
  createdBy: string,
  extra: { action: string; reportId?: number } = { action: 'space.offered' },
) {
  const row = await insertSpace(tx, {
    ...fields,
    slug: newSlug(fields.title[fields.originalLanguage]),
    ownerActorId: owner.id,
    clusterId: owner.clusterId,
    status: 'available',
    createdBy,
  })
  await insertSpaceEvent(tx, { spaceId: row.id, status: 'available' })
  await insertPhotos(tx, row.id, photoKeys, 0)
  await recordAudit(tx, ctx, {
    action: extra.action,
    subjectType: 'space',
    subjectId: row.id,
    clusterId: row.clusterId,
    after: {
      slug: row.slug,
      owner: owner.slug,
      type: row.type,
      terms: row.terms,
      photos: photoKeys.length,
      ...(extra.reportId ? { vacancyReport: extra.reportId } : {}),
    },
  })
  return row
}

// ---- offering and managing -----------------------------------------------------------------

/** An organisation offers a space (available at once), with up to eight photos. */
export async function offerSpace(ctx: Ctx, input: unknown, photos: Uint8Array[] = []): Promise<SpaceRow> {
  const person = requirePerson(ctx.viewer)
  if (!ctx.viewer.orgs.size) throw forbidden()
  const ownerParsed = ownerSchema.safeParse(input)
  if (!ownerParsed.success) throw validationError(ownerParsed.error, ctx.i18n)
  authorize(ctx, 'manage', { ownerActorId: ownerParsed.data.owner })
  const owner = await getActorSummaryById(ctx, ownerParsed.data.owner)
  if (!owner) throw notFound()
  const fields = await parseSpaceFields(ctx, await findCluster(ctx, owner.clusterId), input)
  const prepared = await checkedPhotos(ctx, photos)
  return withStoredFiles(ctx, 'spaces', prepared, (keys) =>
    inTransaction(ctx, (tx) => insertNewSpace(tx, ctx, owner, fields, keys, person.id)),
  )
}

/** A space for whoever manages it (its edit form, its applications). */
export async function spaceForManaging(ctx: Ctx, slug: string): Promise<ListedSpace> {
  const space = await selectSpaceBySlug(ctx.db, slug)
  if (!space) throw notFound()
  authorize(ctx, 'manage', { ownerActorId: space.ownerActorId })
  return space
}

export const photoChangeSchema = z.object({
  remove_photos: z.preprocess(
    (v) => (isBlank(v) ? [] : [v].flat().map((x) => numberOf(x))),
    z.array(z.number().int().positive()).max(maxPhotos),
  ),
})

/** Changes a space's fields (what the input leaves out stays), removes and adds photos; all or nothing. */
export async function updateSpace(
  ctx: Ctx,
  slug: string,
  input: Record<string, unknown>,
  photos: Uint8Array[] = [],
) {
  const current = await spaceForManaging(ctx, slug)
  if (current.status === 'withdrawn') throw stateError('withdrawn')
  const fields = await parseSpaceFields(ctx, await findCluster(ctx, current.clusterId), {
    ...inputOf(current),
    ...input,
  })
  const removal = photoChangeSchema.safeParse(input)
  if (!removal.success) throw validationError(removal.error, ctx.i18n)
  const existing = await selectPhotos(ctx.db, current.id)
  const removing = existing.filter((p) => removal.data.remove_photos.includes(p.id))
  const prepared = await checkedPhotos(ctx, photos, existing.length - removing.length)
  const removedKeys = await withStoredFiles(ctx, 'spaces', prepared, (keys) =>
    inTransaction(ctx, async (tx) => {
      const removed = await deletePhotos(
        tx,
        current.id,
        removing.map((p) => p.id),
      )
      const last = existing.at(-1)?.position ?? -1
      await insertPhotos(tx, current.id, keys, last + 1)
      await updateSpaceRow(tx, current.id, fields)
      await recordAudit(tx, ctx, {
        action: 'space.updated',
        subjectType: 'space',
        subjectId: current.id,
        clusterId: current.clusterId,
        before: changedOf(current, fields, 'before'),
        after: {
          ...changedOf(current, fields, 'after'),
          photosAdded: keys.length,
          photosRemoved: removed.length,
        },
      })
      return removed.map((r) => r.storageKey)
    }),
  )
  await deletePhotoFiles(ctx.config, 'spaces', removedKeys)
}

function changedOf(current: SpaceRow, fields: SpaceFields, side: 'before' | 'after') {
  const old = current as unknown as Record<string, unknown>
  const next = fields as unknown as Record<string, unknown>
  const keys = Object.keys(fields).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(next[k]))
  return Object.fromEntries(keys.map((k) => [k, (side === 'before' ? old : next)[k]]))
}

/** Tells the organisations whose applications a change declined, each person in their own language. */
async function tellDeclined(tx: Db, ctx: Ctx, space: ListedSpace, actorIds: number[]) {
  for (const actorId of actorIds)
    await notify(
      tx,
      { actorIds: [actorId], except: ctx.viewer.person?.id },
      {
        kind: 'spaces.application_decided',
        values: {
          owner: space.ownerName,
          space: titleIn(space, space.originalLanguage),
          decision: 'declined',
        },
        link: `/spaces/${space.slug}`,
      },
    )
}

/** The owner takes the space off the offer; open applications are declined and told. */
export async function withdrawSpace(ctx: Ctx, slug: string) {
  const current = await spaceForManaging(ctx, slug)
  return inTransaction(ctx, async (tx) => {
    const status = await lockSpace(tx, current.id)
    if (status !== 'available' && status !== 'under_application') throw stateError('not_offered')
    await updateSpaceRow(tx, current.id, { status: 'withdrawn' })
    await insertSpaceEvent(tx, { spaceId: current.id, status: 'withdrawn' })
    const declined = await declineOtherApplications(tx, current.id, 0)
    await recordAudit(tx, ctx, {
      action: 'space.withdrawn',
      subjectType: 'space',
      subjectId: current.id,
      clusterId: current.clusterId,
      before: { status },
      after: { status: 'withdrawn', declinedApplications: declined.length },
    })
    await tellDeclined(
      tx,
      ctx,
      current,
      declined.map((d) => d.actorId),
    )
  })
}

/** The tenancy is over: the space is offered again (an `ended` event, then `available`). */
export async function endTenancy(ctx: Ctx, slug: string) {
  const current = await spaceForManaging(ctx, slug)
  return inTransaction(ctx, async (tx) => {
    const status = await lockSpace(tx, current.id)
    if (status !== 'let') throw stateError('not_let')
    const at = new Date()
    await insertSpaceEvent(tx, { spaceId: current.id, status: 'ended', actorId: current.tenantActorId, at })
    // A millisecond later, so the order of the two events never depends on their ids.
    await insertSpaceEvent(tx, { spaceId: current.id, status: 'available', at: new Date(at.getTime() + 1) })
    await updateSpaceRow(tx, current.id, { status: 'available', tenantActorId: null })
    await recordAudit(tx, ctx, {
      action: 'space.tenancy_ended',
      subjectType: 'space',
      subjectId: current.id,
      clusterId: current.clusterId,
      before: { status, tenant: current.tenantSlug },
      after: { status: 'available' },
    })
  })
}

// ---- reading -------------------------------------------------------------------------------

/** One space: a withdrawn one only for its owner's people; let ones stay readable (links keep working). */
export async function getSpace(ctx: Ctx, slug: string): Promise<ListedSpace> {
  const found = await selectSpaceBySlug(ctx.db, slug)
  if (!found) throw notFound()
  if (found.status === 'withdrawn' && !can(ctx, 'manage', { ownerActorId: found.ownerActorId }))
    throw notFound()
  return found
}

export const spacePhotos = (ctx: Pick<Ctx, 'db'>, spaceId: number) => selectPhotos(ctx.db, spaceId)

/** The spaces of the viewer's organisations in every state, with their open applications. */
export async function listMySpaces(ctx: Ctx) {
  requirePerson(ctx.viewer)
  const list = await selectSpacesOfOwners(ctx.db, [...ctx.viewer.orgs.keys()])
  const open = await countOpenApplications(
    ctx.db,
    list.map((s) => s.id),
  )
  return list.map((s) => ({ ...s, openApplications: open.get(s.id) ?? 0 }))
}

/** An owner's spaces on offer, for its profile. */
export const offeredSpacesOf = (ctx: Pick<Ctx, 'db'>, ownerId: number, limit = 10) =>
  selectOfferedOfOwner(ctx.db, ownerId, limit)

/** The spaces an organisation rents now, for its profile. */
export const spacesLetTo = (ctx: Pick<Ctx, 'db'>, tenantId: number) => selectLetToTenant(ctx.db, tenantId)

/** A district's listed spaces, available first. */
export const spacesOfDistrict = (ctx: Pick<Ctx, 'db'>, districtId: string, limit = 12) =>
  selectSpacesOfDistrict(ctx.db, districtId, limit)

/**
 * Districts' figures at each month's end ('YYYY-MM'), from the dated events: spaces offered (available or
 * under application), spaces let, and vacancies — the offered spaces plus the verified reports that no
 * space was offered from yet.
 */
export async function districtSpaceIndicators(db: Db, districtIds: string[], months: string[]) {
  const counts = await selectMonthlySpaceCounts(db, districtIds, months)
  const at = new Map(counts.map((r) => [`${r.district_id} ${r.month}`, r]))
  return districtIds.flatMap((districtId) => {
    const series = months.map((m) => at.get(`${districtId} ${m}`))
    return [
      { key: 'spaces.offered', districtId, values: series.map((r) => r?.offered ?? 0) },
      { key: 'spaces.let', districtId, values: series.map((r) => r?.let ?? 0) },
      { key: 'spaces.vacancies', districtId, values: series.map((r) => (r ? r.offered + r.unoffered : 0)) },
    ]
  })
}

provideDistrictIndicators(districtSpaceIndicators)

// ---- search --------------------------------------------------------------------------------

export const sortOrders = ['relevance', 'newest', 'available', 'area', 'rent'] as const
export const maxPerPage = 100
export const maxPage = 500
/** What the public list shows when no status is chosen. */
export const offeredStatuses = ['available', 'under_application'] as const

export type SearchInput = CoreSearchInput<FacetName, (typeof sortOrders)[number]> & { availableBy?: string }
export type SearchResult = CoreSearchResult<ListedSpace, FacetName>

interface Vocabulary {
  clusters: Cluster[]
  districts: District[]
}

async function vocabulary(ctx: Ctx): Promise<Vocabulary> {
  const [clusters, districts] = await Promise.all([listClusters(ctx), listDistricts(ctx)])
  return { clusters, districts }
}

const inList = (list: readonly string[]) => (v: string) => list.includes(v)

function checkFilters(ctx: Ctx, vocab: Vocabulary, filters: FacetFilters) {
  const known: Record<FacetName, (v: string) => boolean> = {
    city: (v) => vocab.clusters.some((c) => c.id === v),
    district: (v) => vocab.districts.some((d) => d.id === v),
    type: inList(spaceTypes),
    size: inList(sizeBands),
    rent: inList(rentBands),
    terms: inList(spaceTerms),
    status: inList(listedStatuses),
  }
  checkFacetValues(ctx.i18n, known, filters, 'spaces.error.unknown_value')
}

/** The filters a search runs with: no status chosen means the spaces on offer. */
export const withDefaultStatus = (filters: FacetFilters): FacetFilters =>
  filters.status?.length ? filters : { ...filters, status: [...offeredStatuses] }

/**
 * The spaces list: listed spaces by words of their title, description and address (prefix, accents
 * ignored), with facet counts; what is on offer unless a status is chosen.
 */
export async function searchSpaces(ctx: Ctx, input: SearchInput): Promise<SearchResult> {
  const vocab = await vocabulary(ctx)
  checkFilters(ctx, vocab, input.filters)
  const filters = withDefaultStatus(input.filters)
  const words = input.q ? queryWords(input.q) : []
  const { pageIds, counts } = await selectSpaceMatches(ctx.db, {
    tsquery: words.length ? prefixTsquery(words) : undefined,
    filters,
    availableBy: input.availableBy,
    sort: input.sort,
    limit: input.perPage,
    offset: (input.page - 1) * input.perPage,
  })
  return {
    items: await selectSpacesByIds(ctx.db, pageIds),
    total: totalOf(counts),
    facets: labelFacetsOf(ctx, vocab, counts, filters),
    page: input.page,
    perPage: input.perPage,
  }
}

function labelFacetsOf(
  ctx: Ctx,
  vocab: Vocabulary,
  counts: FacetCountRow[],
  filters: FacetFilters,
): Record<FacetName, FacetOption[]> {
  const { t } = ctx.i18n
  const cityName = new Map(vocab.clusters.map((c) => [c.id, c.cityName]))
  const districtName = new Map(vocab.districts.map((d) => [d.id, d.name]))
  const label: Record<FacetName, (v: string) => string> = {
    city: (v) => cityName.get(v) ?? v,
    district: (v) => districtName.get(v) ?? v,
    type: (v) => t(`spaces.type.${v}`),
    size: (v) => t(`spaces.size.${v}`),
    rent: (v) => t(`spaces.rent.${v}`),
    terms: (v) => t(`spaces.terms.${v}`),
    status: (v) => t(`spaces.status.${v}`),
  }
  return labelFacets(ctx.i18n, label, counts, filters, {
    type: spaceTypes,
    size: sizeBands,
    rent: rentBands,
    terms: spaceTerms,
    status: listedStatuses,
  })
}

export type PointQuery = Omit<PointRows, 'limit'>

/** The most points a map request returns; `truncated` and `total` say when more match. */
export const maxPoints = 2000

/** Listed spaces as points for a map, inside a bounding box (minLon, minLat, maxLon, maxLat). */
export async function spacePoints(ctx: Ctx, input: PointQuery, limit = maxPoints) {
  checkFilters(ctx, await vocabulary(ctx), input.filters)
  const points = await selectSpacePoints(ctx.db, { ...input, limit })
  const total = points[0]?.total ?? 0
  return { points, total, truncated: total > points.length }
}

/** Above this many spaces in a map's box, the map gets groups counted per cell instead of points. */
export const mapSpaceLimit = 500

export type SpacesInBox =
  | { clustered: false; total: number; points: SpacePointRow[] }
  | { clustered: true; total: number; groups: PointGroupRow[] }

/**
 * What a map shows of the listed spaces in a box: every one while there are at most `limit`, else groups
 * counted by the database on the same grid as the actors' (a power of two of degrees), so the answer stays
 * small however many spaces the box holds.
 */
export async function spacesInBox(
  ctx: Ctx,
  input: Omit<PointQuery, 'bbox'>,
  box: Bbox,
  limit = mapSpaceLimit,
): Promise<SpacesInBox> {
  checkFilters(ctx, await vocabulary(ctx), input.filters)
  const query = { ...input, bbox: box }
  const groups = await selectSpaceGroups(ctx.db, query, gridCellSize(box))
  const total = groups.reduce((sum, g) => sum + g.n, 0)
  if (total > limit) return { clustered: true, total, groups }
  const points = await selectSpacePoints(ctx.db, { ...query, limit })
  return { clustered: false, total: points.length, points }
}

// ---- applications --------------------------------------------------------------------------

export const applicationSchema = z.object({
  organisation: requiredNumber(z.number().int().positive()),
  proposal: z.string().trim().min(20).max(2000),
  people: requiredNumber(z.number().int().min(1).max(10_000)),
  hours: z.string().trim().min(2).max(300),
  contribution: z.string().trim().min(20).max(2000),
})

/** The viewer's organisations that may apply for this space, and the applications they made already. */
export async function applicationOptions(ctx: Ctx, space: SpaceRow) {
  if (!ctx.viewer.person) return { organisations: [] as ActorSummary[], applied: [] as ListedApplication[] }
  const ids = [...ctx.viewer.orgs.keys()].filter((id) => id !== space.ownerActorId)
  const [summaries, applied] = await Promise.all([
    Promise.all(ids.map((id) => getActorSummaryById(ctx, id))),
    selectApplicationsOfActors(ctx.db, space.id, ids),
  ])
  return {
    organisations: summaries.filter(
      (a): a is ActorSummary => a !== null && !applied.some((x) => x.actorId === a.id),
    ),
    applied,
  }
}

/** A creative organisation applies for a space with its proposal of use; once per space. */
export async function applyForSpace(ctx: Ctx, slug: string, input: unknown) {
  const person = requirePerson(ctx.viewer)
  const space = await getSpace(ctx, slug)
  const parsed = applicationSchema.safeParse(input)
  if (!parsed.success) {
    // The permission first: a person of no other organisation learns nothing of the form.
    if (![...ctx.viewer.orgs.keys()].some((id) => id !== space.ownerActorId)) throw forbidden()
    throw validationError(parsed.error, ctx.i18n)
  }
  const data = parsed.data
  authorize(ctx, 'apply', { ownerActorId: space.ownerActorId, applicantActorId: data.organisation })
  const applicant = (await getActorSummaryById(ctx, data.organisation))!
  return inTransaction(ctx, async (tx) => {
    // Under the space's lock: an application and the owner's choice never cross.
    const status = await lockSpace(tx, space.id)
    if (status !== 'available' && status !== 'under_application') throw stateError('not_offered')
    const row = await insertApplication(tx, {
      spaceId: space.id,
      actorId: applicant.id,
      proposal: data.proposal,
      people: data.people,
      hours: data.hours,
      contribution: data.contribution,
      createdBy: person.id,
    })
    if (!row) throw new AppError('application_exists', 409, 'spaces.error.application_exists')
    if (status === 'available') {
      await updateSpaceRow(tx, space.id, { status: 'under_application' })
      await insertSpaceEvent(tx, { spaceId: space.id, status: 'under_application' })
    }
    await recordAudit(tx, ctx, {
      action: 'space_application.submitted',
      subjectType: 'space_application',
      subjectId: row.id,
      clusterId: space.clusterId,
      after: { space: space.slug, organisation: applicant.slug, people: data.people },
    })
    await notify(
      tx,
      { actorIds: [space.ownerActorId], except: person.id },
      {
        kind: 'spaces.application_received',
        values: { organisation: applicant.name, space: titleIn(space, space.originalLanguage) },
        link: `/spaces/${space.slug}/applications`,
      },
    )
    return row
  })
}

/**
 * The applications for a space as the viewer may see them: all of them for the owner's people, an
 * applicant's own for its people; anyone else is refused.
 */
export async function listApplications(ctx: Ctx, slug: string) {
  requirePerson(ctx.viewer)
  const space = await getSpace(ctx, slug)
  if (can(ctx, 'manage', { ownerActorId: space.ownerActorId }))
    return { space, applications: await selectApplicationsOf(ctx.db, space.id), owner: true }
  const own = await selectApplicationsOfActors(ctx.db, space.id, [...ctx.viewer.orgs.keys()])
  if (!own.length) throw forbidden()
  return { space, applications: own, owner: false }
}

export const decisions = ['shortlisted', 'chosen', 'declined'] as const
export const decisionSchema = z.object({ decision: z.enum(decisions) })

const openStates: SpaceApplicationStatus[] = ['pending', 'shortlisted']

/** The application of a space for its owner's people; another space's application is not found. */
async function applicationForManaging(ctx: Ctx, slug: string, applicationId: number) {
  const space = await spaceForManaging(ctx, slug)
  const application = await selectApplication(ctx.db, applicationId)
  if (!application || application.spaceId !== space.id) throw notFound()
  return { space, application }
}

/**
 * The owner shortlists, declines or chooses an application. Choosing lets the space to that organisation
 * and declines every other open application; each organisation is told, its people in their language.
 */
export async function decideApplication(ctx: Ctx, slug: string, applicationId: number, input: unknown) {
  const { space, application } = await applicationForManaging(ctx, slug, applicationId)
  const parsed = decisionSchema.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  const { decision } = parsed.data
  return inTransaction(ctx, async (tx) => {
    // Two of the owner's people choosing at once: the second waits here and then finds the space let.
    const status = await lockSpace(tx, space.id)
    const fresh = await selectApplication(tx, application.id)
    if (!fresh || !openStates.includes(fresh.status) || fresh.status === decision) throw stateError('decided')
    if (status !== 'available' && status !== 'under_application') throw stateError('not_offered')
    await updateApplication(tx, fresh.id, { status: decision, decided: decision !== 'shortlisted' })
    let declined: { actorId: number }[] = []
    if (decision === 'chosen') {
      await updateSpaceRow(tx, space.id, { status: 'let', tenantActorId: fresh.actorId })
      await insertSpaceEvent(tx, { spaceId: space.id, status: 'let', actorId: fresh.actorId })
      declined = await declineOtherApplications(tx, space.id, fresh.id)
    } else if (decision === 'declined') {
      const stillOpen = (await selectApplicationsOf(tx, space.id)).some((a) => openStates.includes(a.status))
      // The last open application declined: the space is simply available again.
      if (!stillOpen && status === 'under_application') {
        await updateSpaceRow(tx, space.id, { status: 'available' })
        await insertSpaceEvent(tx, { spaceId: space.id, status: 'available' })
      }
    }
    await recordAudit(tx, ctx, {
      action: 'space_application.decided',
      subjectType: 'space_application',
      subjectId: fresh.id,
      clusterId: space.clusterId,
      before: { status: fresh.status },
      after: { status: decision, declinedOthers: declined.length },
    })
    await notify(
      tx,
      { actorIds: [fresh.actorId], except: ctx.viewer.person?.id },
      {
        kind: 'spaces.application_decided',
        values: { owner: space.ownerName, space: titleIn(space, space.originalLanguage), decision },
        link: `/spaces/${space.slug}`,
      },
    )
    await tellDeclined(
      tx,
      ctx,
      space,
      declined.map((d) => d.actorId),
    )
    return { ...fresh, status: decision }
  })
}

/**
 * The owner asks the applicant a question: a conversation between the two organisations about the
 * application, opened once; its id.
 */
export async function askApplicant(ctx: Ctx, slug: string, applicationId: number): Promise<number> {
  const { space, application } = await applicationForManaging(ctx, slug, applicationId)
  if (application.conversationId) return application.conversationId
  return inTransaction(ctx, async (tx) => {
    await lockSpace(tx, space.id)
    const fresh = (await selectApplication(tx, application.id))!
    if (fresh.conversationId) return fresh.conversationId
    const conversationId = await openConversation(tx, {
      parties: [space.ownerActorId, fresh.actorId],
      subject: titleIn(space, space.originalLanguage),
      origin: { type: 'space_application', id: String(fresh.id) },
    })
    await updateApplication(tx, fresh.id, { conversationId })
    await recordAudit(tx, ctx, {
      action: 'space_application.conversation_opened',
      subjectType: 'space_application',
      subjectId: fresh.id,
      clusterId: space.clusterId,
      after: { conversationId },
    })
    return conversationId
  })
}

// ---- vacancy reports -----------------------------------------------------------------------

export const vacancySchema = z
  .object({
    city: z.string().min(1).max(60),
    address: z.string().trim().min(3).max(300),
    lat: optionalNumber(latitude),
    lon: optionalNumber(longitude),
    district: z.preprocess(blankToUndefined, z.string().max(80).optional()),
    note: z.string().trim().min(10).max(2000),
  })
  .refine((v) => (v.lat === undefined) === (v.lon === undefined), { path: ['lon'], message: 'missing' })

/** A member of the network reports a vacant building; the city's cluster managers verify it. */
export async function reportVacancy(ctx: Ctx, input: unknown, photo?: Uint8Array) {
  const person = authorize(ctx, 'report_vacancy')
  const parsed = vacancySchema.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  const data = parsed.data
  const city = (await listClusters(ctx)).find((c) => c.id === data.city)
  if (!city)
    throw invalid([
      { field: 'city', message: ctx.i18n.t('spaces.error.unknown_value', { value: data.city }) },
    ])
  const problems: ErrorDetail[] = []
  const district = await checkPlace(ctx, city, data, problems)
  if (problems.length) throw invalid(problems)
  const prepared = photo ? await preparePhotos(ctx.i18n, 'photo', [photo]) : []
  return withStoredFiles(ctx, 'vacancies', prepared, (keys) =>
    inTransaction(ctx, async (tx) => {
      const row = await insertVacancyReport(tx, {
        clusterId: city.id,
        districtId: district?.id ?? null,
        address: data.address,
        lat: data.lat ?? null,
        lon: data.lon ?? null,
        photoKey: keys[0] ?? null,
        note: data.note,
        reportedBy: person.id,
      })
      await recordAudit(tx, ctx, {
        action: 'vacancy_report.submitted',
        subjectType: 'vacancy_report',
        subjectId: row.id,
        clusterId: city.id,
        after: { address: row.address, district: row.districtId, photo: !!row.photoKey },
      })
      return row
    }),
  )
}

/** A city's vacancy reports in one state (open by default), for its cluster managers. */
export async function listVacancyReports(
  ctx: Ctx,
  clusterId: string,
  status: VacancyReportRow['status'] = 'open',
) {
  const city = await findCluster(ctx, clusterId)
  authorize(ctx, 'review_vacancies', { clusterId: city.id })
  return { city, reports: await selectVacancyReports(ctx.db, city.id, status) }
}

/** How many reports wait in a city, for its managers' pages. */
export const openVacancyCount = (ctx: Pick<Ctx, 'db'>, clusterId: string) =>
  countOpenReports(ctx.db, clusterId)

/** A report for the managers of its city; anyone else meets a refusal. */
export async function vacancyReportForReview(ctx: Ctx, id: number) {
  requirePerson(ctx.viewer)
  const report = await selectVacancyReport(ctx.db, id)
  if (!report) throw notFound()
  authorize(ctx, 'review_vacancies', { clusterId: report.clusterId })
  return report
}

export const vacancyDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('reject'), reason: z.string().trim().min(5).max(1000) }),
  z.object({
    decision: z.literal('verify'),
    /** The organisation that offers the space made from the report; none leaves it for the owner. */
    owner: z.preprocess(blankToUndefined, requiredNumber(z.number().int().positive()).optional()),
  }),
])

/**
 * A cluster manager verifies a report — turning it into a space offered by an organisation of the city
 * they pick (its fields given with the decision), or leaving it for the owner to complete — or rejects it
 * with a reason. The reporter is told in their language.
 */
export async function decideVacancyReport(ctx: Ctx, id: number, input: Record<string, unknown>) {
  const report = await vacancyReportForReview(ctx, id)
  const person = requirePerson(ctx.viewer)
  const parsed = vacancyDecisionSchema.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  const decision = parsed.data
  if (report.status !== 'open') throw stateError('report_decided')
  let offer: { owner: ActorSummary; fields: SpaceFields } | null = null
  if (decision.decision === 'verify' && decision.owner !== undefined) {
    const owner = await getActorSummaryById(ctx, decision.owner)
    if (!owner || owner.clusterId !== report.clusterId)
      throw invalid([{ field: 'owner', message: ctx.i18n.t('spaces.error.owner_city') }])
    const fields = await parseSpaceFields(ctx, await findCluster(ctx, report.clusterId), {
      title: { [ctx.i18n.locale]: report.address },
      description: { [ctx.i18n.locale]: report.note },
      original_language: ctx.i18n.locale,
      address: report.address,
      lat: report.lat ?? undefined,
      lon: report.lon ?? undefined,
      district: report.districtId ?? undefined,
      condition: 'needs_repair',
      available_from: new Date().toISOString().slice(0, 10),
      ...input,
    })
    offer = { owner, fields }
  }
  return inTransaction(ctx, async (tx) => {
    if ((await lockVacancyReport(tx, report.id)) !== 'open') throw stateError('report_decided')
    let space: SpaceRow | null = null
    if (offer) {
      space = await insertNewSpace(tx, ctx, offer.owner, offer.fields, [], person.id, {
        action: 'space.offered_from_report',
        reportId: report.id,
      })
    }
    const status = decision.decision === 'verify' ? 'verified' : 'rejected'
    await updateVacancyReport(tx, report.id, {
      status,
      spaceId: space?.id ?? null,
      decidedBy: person.id,
      decidedAt: new Date(),
    })
    const reason = decision.decision === 'reject' ? decision.reason : ''
    await recordAudit(tx, ctx, {
      action: `vacancy_report.${status}`,
      subjectType: 'vacancy_report',
      subjectId: report.id,
      clusterId: report.clusterId,
      before: { status: 'open' },
      after: { status, space: space?.slug ?? null, reason: reason || null },
    })
    if (report.reportedBy)
      await notify(
        tx,
        { userIds: [report.reportedBy], except: person.id },
        {
          kind: 'spaces.vacancy_decided',
          values: { address: report.address, decision: status, offered: space ? 'yes' : 'no', reason },
          link: space ? `/spaces/${space.slug}` : '/spaces',
        },
      )
    return { status, space }
  })
}

/** A report's photo, for the managers who review it. */
export async function vacancyPhotoKey(ctx: Ctx, id: number) {
  const report = await vacancyReportForReview(ctx, id)
  if (!report.photoKey) throw notFound()
  return report.photoKey
}

/** Labels of a space's fixed values in the reader's language, for the API and the views. */
export const facilityLabel = (i18n: I18n, id: string) => i18n.t(`spaces.facility.${id}`)

export type { SpaceStatus }
