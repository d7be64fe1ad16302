import { z } from 'zod'
import type { Viewer } from '../../core/auth'
import { versionedAnswers } from '../../core/cache'
import type { Db } from '../../core/db/client'
import { notFound, validationError } from '../../core/errors'
import { type Bbox, gridCellSize, type PointGroupRow } from '../../core/geo'
import type { Ctx } from '../../core/http'
import {
  type SearchInput as CoreSearchInput,
  type SearchResult as CoreSearchResult,
  checkFacetValues,
  labelFacets,
  totalOf,
} from '../../core/search'
import { prefixTsquery, queryWords, slugify } from '../../core/text'
import type { FacetOption } from '../../core/views/search'
import { type Cluster, listClusters, listDistricts } from '../network/service'
import { findCapabilitiesInText, getTaxonomy, type Taxonomy } from '../taxonomy/service'
import { type DirectoryIndex, readDirectoryIndex } from './directory-index'
import {
  type ActorListRow,
  type ActorRow,
  existingSlugs,
  type FacetCountRow,
  type FacetFilters,
  type FacetName,
  facetNames,
  type GeoRow,
  hasActors,
  insertActorRows,
  type NewActorRow,
  selectActorBySlug,
  selectActorGroups,
  selectActorList,
  selectActorPage,
  selectActorPoints,
  selectActorsByIds,
  selectActorsBySlugs,
  selectActorsInDistrict,
  selectActorTotal,
  selectActorVersion,
  selectChangesSince,
  selectClusterMembersAmong,
  selectCountsByCluster,
  selectDistrictActorFigures,
  selectIndexRows,
  selectMatches,
  selectNamesLike,
  selectNewestActors,
  selectRecentClusterMembers,
  selectSectorMix,
  selectSimilarActors,
  selectStoredFacetCounts,
  type TextMatch,
  updateActorRow,
  updateMemberSince,
  type VisibilityScope,
} from './queries'
import {
  actorKinds,
  type RestrictableField,
  restrictableFields,
  sizeBands,
  type Visibility,
  visibilityLevels,
} from './schema'

export type { ActorListRow, ActorRow, FacetName }
export { actorKinds, facetNames, sizeBands }

export const sortOrders = ['relevance', 'newest', 'name'] as const
export const maxPerPage = 100
/** Deeper pages are for crawlers, not people; search narrows better than paging. */
export const maxPage = 500

export type SearchInput = CoreSearchInput<FacetName, (typeof sortOrders)[number]>

export type SearchResult = CoreSearchResult<ActorListRow, FacetName>

/**
 * The one visibility rule. Network admins see every field of every actor; an actor's own people and the
 * cluster managers of its city see all of its fields; people of a member organisation of the network see
 * public and members-only fields; everyone else sees public fields.
 */
export function visibilityScope(viewer: Viewer): VisibilityScope {
  if (viewer.person?.networkAdmin) return { levels: [...visibilityLevels], actorIds: [], clusterIds: [] }
  return {
    levels: viewer.networkMember ? ['public', 'members'] : ['public'],
    actorIds: [...viewer.orgs.keys()],
    clusterIds: [...viewer.managedClusters],
  }
}

/** The levels of this actor's fields the viewer sees. */
export function visibleLevels(viewer: Viewer, actor: { id: number; clusterId: string }): Visibility[] {
  const scope = visibilityScope(viewer)
  const insider = scope.actorIds.includes(Number(actor.id)) || scope.clusterIds.includes(actor.clusterId)
  return insider ? [...visibilityLevels] : scope.levels
}

type Restrictable = {
  id: number
  clusterId: string
  visibility: Partial<Record<RestrictableField, Visibility>>
}

export function hiddenFields(viewer: Viewer, actor: Restrictable): Set<RestrictableField> {
  const levels = visibleLevels(viewer, actor)
  return new Set(restrictableFields.filter((f) => !levels.includes(actor.visibility[f] ?? 'public')))
}

/**
 * The restricted fields a file that leaves the platform (an export) may carry: those the viewer sees,
 * and never a private one, even for a viewer who sees it here. The address takes the coordinates along.
 */
export function exportableFields(viewer: Viewer, actor: Restrictable): Set<RestrictableField> {
  const hidden = hiddenFields(viewer, actor)
  return new Set(
    restrictableFields.filter((f) => !hidden.has(f) && (actor.visibility[f] ?? 'public') !== 'private'),
  )
}

// The address hides the exact location too: coordinates would give it away.
function redactActor(viewer: Viewer, actor: ActorRow): ActorRow {
  const hidden = hiddenFields(viewer, actor)
  if (!hidden.size) return actor
  return {
    ...actor,
    email: hidden.has('email') ? null : actor.email,
    website: hidden.has('website') ? null : actor.website,
    address: hidden.has('address') ? null : actor.address,
    lat: hidden.has('address') ? null : actor.lat,
    lon: hidden.has('address') ? null : actor.lon,
    employees: hidden.has('employees') ? null : actor.employees,
    foundedYear: hidden.has('foundedYear') ? null : actor.foundedYear,
    needs: hidden.has('needs') ? [] : actor.needs,
  }
}

function redactListRow(viewer: Viewer, row: ActorListRow): ActorListRow {
  const hidden = hiddenFields(viewer, { id: row.id, clusterId: row.cluster_id, visibility: row.visibility })
  if (!hidden.size) return row
  return {
    ...row,
    lat: hidden.has('address') ? null : row.lat,
    lon: hidden.has('address') ? null : row.lon,
    founded_year: hidden.has('foundedYear') ? null : row.founded_year,
    needs: hidden.has('needs') ? [] : row.needs,
  }
}

const pointShown = (viewer: Viewer, point: GeoRow) =>
  !hiddenFields(viewer, { id: point.id, clusterId: point.cluster_id, visibility: point.visibility }).has(
    'address',
  )

export async function textMatch(ctx: Pick<Ctx, 'db'>, q: string | undefined): Promise<TextMatch | undefined> {
  const words = q ? queryWords(q) : []
  if (!words.length) return undefined
  const folded = words.join(' ')
  const [capabilities, namesLike] = await Promise.all([
    findCapabilitiesInText(ctx, q!),
    selectNamesLike(ctx.db, folded, 200),
  ])
  return { tsquery: prefixTsquery(words), folded, capabilities, namesLike }
}

interface Vocabulary {
  taxonomy: Taxonomy
  clusters: Cluster[]
}

const loadVocabulary = async (ctx: Pick<Ctx, 'db'>): Promise<Vocabulary> => {
  const [taxonomy, clusters] = await Promise.all([getTaxonomy(ctx), listClusters(ctx)])
  return { taxonomy, clusters }
}

/** Checks facet values against the taxonomy and the cities, so an unknown value is a clear 400, not an empty page. */
function checkFilters(ctx: Ctx, { taxonomy, clusters }: Vocabulary, filters: FacetFilters) {
  const { sectorById, capabilityById } = taxonomy
  const known: Record<FacetName, (v: string) => boolean> = {
    city: (v) => clusters.some((c) => c.id === v),
    sector: (v) => sectorById.has(v),
    kind: (v) => (actorKinds as readonly string[]).includes(v),
    offers: (v) => capabilityById.has(v),
    needs: (v) => capabilityById.has(v),
    language: (v) => /^[a-z]{2}$/.test(v),
    size: (v) => (sizeBands as readonly string[]).includes(v),
  }
  checkFacetValues(ctx.i18n, known, filters, 'actors.error.unknown_value')
}

/**
 * Directory answers by question and actor version: a search people repeat is answered from memory until an
 * actor changes. Facet labels and what the viewer may see of each row are applied to every request. Room for
 * about 10,000 listed actors (some 20 MB), however the searches page them.
 */
const directoryAnswers = versionedAnswers<{ items: ActorListRow[]; counts: FacetCountRow[] }>({
  maxSize: 10_000,
  size: (answer) => answer.items.length + answer.counts.length / 20,
})

/** The directory: full-text search (accents ignored, typo-tolerant on names), facet filters and counts, paging. */
export async function searchActors(ctx: Ctx, input: SearchInput): Promise<SearchResult> {
  const [vocabulary, version] = await Promise.all([loadVocabulary(ctx), selectActorVersion(ctx.db)])
  checkFilters(ctx, vocabulary, input.filters)
  const scope = visibilityScope(ctx.viewer)
  const question = JSON.stringify([
    input.q ?? '',
    facetNames.map((f) => input.filters[f] ?? []),
    input.sort,
    input.page,
    input.perPage,
    scope,
  ])
  const { items, counts } = await directoryAnswers(ctx.db, version, question, () =>
    findActors(ctx, input, scope, version),
  )
  return {
    items: items.map((row) => redactListRow(ctx.viewer, row)),
    total: totalOf(counts),
    facets: labelFacetsOf(ctx, vocabulary, counts, input.filters),
    page: input.page,
    perPage: input.perPage,
  }
}

async function findActors(ctx: Ctx, input: SearchInput, scope: VisibilityScope, version: number) {
  const page = { sort: input.sort, limit: input.perPage, offset: (input.page - 1) * input.perPage }
  const index = await directoryIndex(ctx.db, version)
  if (index) {
    const words = input.q ? queryWords(input.q) : []
    const capabilities = words.length ? await findCapabilitiesInText(ctx, input.q!) : []
    const { pageIds, counts } = index.search({ words, capabilities, filters: input.filters, scope, ...page })
    return { items: await selectActorList(ctx.db, pageIds), counts }
  }
  // While a large directory's index is read, the database answers.
  const text = await textMatch(ctx, input.q)
  const query = { text, filters: input.filters, scope, ...page }
  // Without text and with at most a city chosen, the stored counts answer and the page is an index scan.
  const onlyCities = !text && facetNames.every((f) => f === 'city' || !input.filters[f]?.length)
  if (onlyCities) {
    const [items, counts] = await Promise.all([
      selectActorPage(ctx.db, query),
      selectStoredFacetCounts(ctx.db, input.filters.city),
    ])
    return { items, counts }
  }
  const matches = await selectMatches(ctx.db, query)
  return { items: await selectActorList(ctx.db, matches.pageIds), counts: matches.counts }
}

/** The directory's index in memory per database, and the reading of a newer one while it is under way. */
interface IndexState {
  index?: DirectoryIndex
  /** Reading the actors changed since the index's version (nothing when it is better read whole). */
  updating?: Promise<DirectoryIndex | undefined>
  /** Reading every actor. */
  reading?: Promise<DirectoryIndex>
}
const directoryIndexes = new WeakMap<Db, IndexState>()

/**
 * Up to this many actors the index is read whole before the search is answered (some 40 ms per 1,000 actors);
 * a larger directory is searched in the database until its index is read.
 */
const readAtOnceLimit = 20_000

/** Once this share of the actors changed since the index was read whole, it is read whole again. */
const rereadShare = 0.02

/**
 * The index at this actor version or a later one: brought up to date by reading the actors changed since its
 * version, or read whole when the log of changes no longer goes back that far or many changed (`wait`, or a
 * small directory, wait for that; else it is read in the background and the database answers meanwhile).
 */
async function directoryIndex(db: Db, version: number, wait = false): Promise<DirectoryIndex | undefined> {
  const known = directoryIndexes.get(db) ?? {}
  directoryIndexes.set(db, known)
  const keep = (index: DirectoryIndex) => {
    if (index.version > (known.index?.version ?? -1)) known.index = index
    return known.index!
  }
  // A few rounds: a read brings the index to the version it started at, which may be behind this one.
  for (let round = 0; round < 3; round++) {
    const current = known.index
    if (current && current.version >= version) return current
    if (current && !known.reading) {
      known.updating ??= readChanges(db, current)
        .then((index) => index && keep(index))
        .finally(() => {
          known.updating = undefined
        })
      if (await known.updating) continue
    }
    if (!known.reading) {
      known.reading = readDirectoryIndex(db)
        .then(keep)
        .finally(() => {
          known.reading = undefined
        })
      // Whoever waits hears of a failure; a read in the background leaves it to the next search to retry.
      known.reading.catch((err) => console.error('The directory index could not be read:', err))
    }
    if (!wait && (known.index?.size ?? (await selectActorTotal(db))) > readAtOnceLimit) return undefined
    await known.reading
  }
  return known.index && known.index.version >= version ? known.index : undefined
}

/**
 * The index brought up to date by reading again the actors written since its version; none when the log of
 * changes no longer goes back that far, or so many changed that it is better read whole.
 */
async function readChanges(db: Db, index: DirectoryIndex) {
  const allowed = Math.floor(rereadShare * index.size) - index.changed
  const log = await selectChangesSince(db, index.version, allowed + 1)
  if (log.changesFrom > index.version || log.ids.length > allowed) return undefined
  return index.withChanges(
    log.version,
    log.ids,
    log.ids.length ? await selectIndexRows(db, { ids: log.ids }) : [],
  )
}

/** Reads the directory's index before the first search comes (at start: a large directory takes seconds). */
export async function prepareDirectoryIndex(db: Db) {
  const index = await directoryIndex(db, await selectActorVersion(db), true)
  return { actors: index?.size ?? 0 }
}

function labelFacetsOf(
  ctx: Ctx,
  { taxonomy, clusters }: Vocabulary,
  counts: FacetCountRow[],
  filters: FacetFilters,
): Record<FacetName, FacetOption[]> {
  const { t, locale } = ctx.i18n
  const { sectorById, capabilityById } = taxonomy
  const cityName = new Map(clusters.map((c) => [c.id, c.cityName]))
  return labelFacets(
    ctx.i18n,
    {
      city: (v) => cityName.get(v) ?? v,
      sector: (v) => sectorById.get(v)?.name[locale] ?? v,
      kind: (v) => t(`actors.kind.${v}`),
      offers: (v) => capabilityById.get(v)?.label[locale] ?? v,
      needs: (v) => capabilityById.get(v)?.label[locale] ?? v,
      language: (v) => ctx.i18n.languageName(v),
      size: (v) => t(`actors.size.${v}`),
    },
    counts,
    filters,
  )
}

/** The same result set as points for the map; capped, and says so. */
export async function actorPoints(ctx: Ctx, input: Pick<SearchInput, 'q' | 'filters'>, limit = 5000) {
  checkFilters(ctx, await loadVocabulary(ctx), input.filters)
  const text = await textMatch(ctx, input.q)
  const scope = visibilityScope(ctx.viewer)
  const points = await selectActorPoints(ctx.db, { text, filters: input.filters, scope }, limit + 1)
  return {
    points: points.slice(0, limit).filter((p) => pointShown(ctx.viewer, p)),
    truncated: points.length > limit,
  }
}

/** Above this many actors in a map's box, the map gets groups counted per cell instead of points. */
export const mapPointLimit = 500

export type ActorsInBox =
  | { clustered: false; total: number; points: GeoRow[] }
  | { clustered: true; total: number; groups: PointGroupRow[] }

/**
 * What a map shows of the search in a box: every actor while there are at most `limit`, else groups
 * counted by the database on a grid, so the answer stays small however dense the box is. The cell is a
 * power of two of degrees, so groups keep their place while the map pans at one zoom.
 */
export async function actorsInBox(
  ctx: Ctx,
  input: Pick<SearchInput, 'q' | 'filters'>,
  box: Bbox,
  limit = mapPointLimit,
): Promise<ActorsInBox> {
  checkFilters(ctx, await loadVocabulary(ctx), input.filters)
  const query = {
    text: await textMatch(ctx, input.q),
    filters: input.filters,
    scope: visibilityScope(ctx.viewer),
  }
  const groups = await selectActorGroups(ctx.db, query, box, gridCellSize(box))
  const total = groups.reduce((sum, g) => sum + g.n, 0)
  if (total > limit) return { clustered: true, total, groups }
  const points = await selectActorPoints(ctx.db, query, limit, box)
  return { clustered: false, total: points.length, points }
}

/** An actor's profile as the viewer may see it. */
export async function getActor(ctx: Pick<Ctx, 'db' | 'viewer'>, slug: string): Promise<ActorRow> {
  const actor = await selectActorBySlug(ctx.db, slug)
  if (!actor) throw notFound()
  return redactActor(ctx.viewer, actor)
}

export interface ActorSummary {
  id: number
  slug: string
  name: string
  kind: string
  clusterId: string
}

export async function getActorSummaryById(ctx: Pick<Ctx, 'db'>, id: number): Promise<ActorSummary | null> {
  const [actor] = await selectActorsByIds(ctx.db, [id])
  return actor
    ? { id: actor.id, slug: actor.slug, name: actor.name, kind: actor.kind, clusterId: actor.clusterId }
    : null
}

export const similarActors = async (ctx: Pick<Ctx, 'db' | 'viewer'>, actor: ActorRow, limit = 6) =>
  (await selectSimilarActors(ctx.db, actor, limit)).map((row) => redactListRow(ctx.viewer, row))

/** Directory cards of these actors, as the viewer may see them, in the order of the ids. */
export const listActorsByIds = async (ctx: Pick<Ctx, 'db' | 'viewer'>, ids: number[]) =>
  (await selectActorList(ctx.db, ids)).map((row) => redactListRow(ctx.viewer, row))

/** Up to `limit` member organisations of a city's cluster, the most recently updated first. */
export const recentClusterMembers = (ctx: Pick<Ctx, 'db'>, clusterId: string, limit: number) =>
  selectRecentClusterMembers(ctx.db, clusterId, limit)

/** Actors' full rows by id (for modules that keep data derived from profiles). */
export const actorsByIds = (db: Db, ids: number[]) => selectActorsByIds(db, ids)

export const newestActors = async (ctx: Pick<Ctx, 'db' | 'viewer'>, limit = 8) =>
  (await selectNewestActors(ctx.db, limit)).map((row) => redactListRow(ctx.viewer, row))

/** The actors located in a district (a first page, by name) and how many there are. */
export async function actorsInDistrict(ctx: Pick<Ctx, 'db' | 'viewer'>, districtId: string, limit = 12) {
  const { list, total } = await selectActorsInDistrict(ctx.db, districtId, limit)
  return { actors: list.map((row) => redactListRow(ctx.viewer, row)), total }
}

/**
 * Per district, one value per month end ('YYYY-MM'): the creative actors present (by the date they joined
 * the directory) and the jobs they declare publicly (the sum of their employees where that field is public).
 */
export async function districtActorFigures(db: Db, districtIds: string[], months: string[]) {
  const found = await selectDistrictActorFigures(db, districtIds, months)
  const series = (id: string, pick: (r: (typeof found)[number]) => number) =>
    months.map((m) => {
      const row = found.find((r) => r.district_id === id && r.month === m)
      return row ? pick(row) : 0
    })
  return districtIds.map((id) => ({
    districtId: id,
    actors: series(id, (r) => r.actors),
    jobs: series(id, (r) => r.jobs),
  }))
}

export async function countActorsByCluster(ctx: Pick<Ctx, 'db'>) {
  const rows = await selectCountsByCluster(ctx.db)
  return new Map(rows.map((r) => [r.cluster_id, { actors: r.actors, sectors: r.sectors }]))
}

export const sectorMix = (ctx: Pick<Ctx, 'db'>, clusterId: string) => selectSectorMix(ctx.db, clusterId)

// EXISTS, not count(*): it runs at every start and must not scan a large directory.
export const isDirectoryEmpty = async (db: Db) => !(await hasActors(db))

export type NewActor = Omit<NewActorRow, 'id' | 'createdAt' | 'updatedAt' | 'nameNorm' | 'search'> & {
  createdAt?: Date
  updatedAt?: Date
}

type ActorsWritten = (db: Db, ids: number[]) => Promise<void>
const writeListeners: ActorsWritten[] = []

/**
 * Lets a later module keep data derived from profiles (matching reads the descriptions): the listener runs
 * after every write of actors, on the same connection or transaction.
 */
export function provideActorWriteListener(listener: ActorsWritten) {
  writeListeners.push(listener)
}

async function actorsWritten(db: Db, ids: number[]) {
  for (const listener of writeListeners) if (ids.length) await listener(db, ids)
  return ids
}

export const insertActors = async (db: Db, rows: NewActor[]) =>
  actorsWritten(db, await insertActorRows(db, rows))

/** The name's slug, or the first of `slug-2`, `slug-3`, … that no actor has yet. */
export async function uniqueSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name) || 'organisation'
  const candidates = [base, ...Array.from({ length: 49 }, (_, i) => `${base}-${i + 2}`)]
  const taken = await existingSlugs(db, candidates)
  return candidates.find((c) => !taken.has(c)) ?? `${base}-${Date.now().toString(36)}`
}

/** Adds one actor under a slug of its name that is still free; returns its id and slug. */
export async function createActor(db: Db, actor: ActorFields) {
  const slug = await uniqueSlug(db, actor.name)
  const [id] = await insertActors(db, [{ ...actor, slug }])
  return { id, slug }
}

export type ActorFields = Omit<NewActor, 'slug' | 'createdAt' | 'updatedAt'>

/** Overwrites an actor's directory fields (its id and slug stay). */
export async function updateActor(db: Db, id: number, fields: ActorFields) {
  await updateActorRow(db, id, fields)
  await actorsWritten(db, [id])
}

// ---- import -------------------------------------------------------------------------------

// A list cell: "design;architecture" (or | or ,); repeated values count once.
const list = z.preprocess(
  (v) => {
    const items = typeof v === 'string' ? v.split(/[;|,]/) : v
    return Array.isArray(items) ? [...new Set(items.map((s) => String(s).trim()).filter(Boolean))] : items
  },
  z.array(z.string().min(1).max(80)).max(40),
)
const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && !v.trim())
const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess((v) => (isBlank(v) ? undefined : Number(v)), schema.optional())
const optionalText = (max: number) =>
  z.preprocess((v) => (isBlank(v) ? undefined : v), z.string().trim().max(max).optional())

/** One actor as an import file gives it; `description_<lang>` columns or a `description` object. */
export const importRowSchema = z
  .object({
    name: z.string().trim().min(2).max(160),
    slug: optionalText(120).pipe(
      z
        .string()
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
        .optional(),
    ),
    kind: z.enum(actorKinds),
    city: z.string().trim().min(1),
    district: optionalText(80),
    address: optionalText(200),
    lat: optionalNumber(z.number().min(-90).max(90)),
    lon: optionalNumber(z.number().min(-180).max(180)),
    sectors: list.pipe(z.array(z.string()).min(1)),
    offers: list.default([]),
    needs: list.default([]),
    languages: list.pipe(z.array(z.string().regex(/^[a-z]{2}$/)).min(1)),
    size: z.enum(sizeBands),
    employees: optionalNumber(z.number().int().min(0).max(1_000_000)),
    founded_year: optionalNumber(z.number().int().min(1000)).refine(
      (year) => year === undefined || year <= new Date().getFullYear(),
      'founded_year: not in the future',
    ),
    website: optionalText(300).pipe(z.url({ protocol: /^https?$/ }).optional()),
    email: optionalText(200).pipe(z.email().optional()),
    description: z.record(z.string().regex(/^[a-z]{2}$/), z.string().max(5000)).optional(),
    original_language: optionalText(2).pipe(
      z
        .string()
        .regex(/^[a-z]{2}$/)
        .optional(),
    ),
  })
  .catchall(z.unknown())

export interface ImportReport {
  valid: number
  inserted: number
  rejected: { row: number; errors: string[] }[]
}

export interface RowProblem {
  field: string
  message: string
}

/**
 * What a row changes in an actor that exists already: only the fields it carries. A column missing from
 * the file or an empty cell leaves the field as it is (so an import never erases, and a field an export
 * left out survives the round trip); `description` holds only the languages the row gives.
 */
export type ImportedChanges = Partial<Omit<NewActor, 'slug' | 'createdAt' | 'updatedAt'>>

export interface CheckedRows {
  valid: { row: number; actor: NewActor; changes: ImportedChanges }[]
  rejected: { row: number; problems: RowProblem[] }[]
}

/**
 * Checks import rows against the schema, the cities, districts and the taxonomy, with problems in the
 * reader's language; rows are numbered from 1. Whether a slug exists already is the caller's question.
 */
export async function checkImportRows(ctx: Ctx, rows: Record<string, unknown>[]): Promise<CheckedRows> {
  const [{ sectorById, capabilityById }, clusters, districts] = await Promise.all([
    getTaxonomy(ctx),
    listClusters(ctx),
    listDistricts(ctx),
  ])
  const { t } = ctx.i18n
  const unknown = (field: string, value: string) => ({
    field,
    message: t('actors.error.unknown_value', { value: value.slice(0, 60) }),
  })
  const cityIds = new Set(clusters.map((c) => c.id))
  const checked: CheckedRows = { valid: [], rejected: [] }
  const slugsInFile = new Set<string>()
  for (const [index, raw] of rows.entries()) {
    const rowNumber = index + 1
    const parsed = importRowSchema.safeParse(raw)
    if (!parsed.success) {
      checked.rejected.push({
        row: rowNumber,
        problems: validationError(parsed.error, ctx.i18n).details ?? [],
      })
      continue
    }
    const r = parsed.data
    const problems: RowProblem[] = []
    if (!cityIds.has(r.city)) problems.push(unknown('city', r.city))
    const district = r.district
      ? districts.find((d) => d.id === r.district && d.clusterId === r.city)
      : undefined
    if (r.district && !district) problems.push(unknown('district', r.district))
    for (const s of r.sectors) if (!sectorById.has(s)) problems.push(unknown('sectors', s))
    for (const c of r.offers) if (!capabilityById.has(c)) problems.push(unknown('offers', c))
    for (const c of r.needs) if (!capabilityById.has(c)) problems.push(unknown('needs', c))
    const description: Record<string, string> = { ...(r.description ?? {}) }
    for (const [key, value] of Object.entries(raw)) {
      const m = /^description_([a-z]{2})$/.exec(key)
      if (m && typeof value === 'string' && value.trim()) description[m[1]] = value.trim().slice(0, 5000)
    }
    const slug = r.slug ?? slugify(r.name)
    if (!slug) problems.push({ field: 'name', message: t('actors.error.no_slug') })
    if (slugsInFile.has(slug))
      problems.push({ field: 'slug', message: t('actors.error.slug_twice', { slug }) })
    slugsInFile.add(slug)
    if ((r.lat === undefined) !== (r.lon === undefined))
      problems.push({ field: 'lat', message: t('actors.error.lat_lon') })
    if (problems.length) {
      checked.rejected.push({ row: rowNumber, problems })
      continue
    }
    const actor: NewActor = {
      slug,
      kind: r.kind,
      name: r.name,
      clusterId: r.city,
      districtId: district?.id ?? null,
      address: r.address ?? null,
      lat: r.lat ?? null,
      lon: r.lon ?? null,
      sectors: r.sectors,
      offers: r.offers,
      needs: r.needs,
      languages: r.languages,
      sizeBand: r.size,
      employees: r.employees ?? null,
      foundedYear: r.founded_year ?? null,
      website: r.website ?? null,
      email: r.email ?? null,
      description,
      originalLanguage: r.original_language ?? Object.keys(description)[0] ?? r.languages[0],
    }
    // The optional fields the row leaves blank are defaults of a new actor, not changes of an existing one.
    const blank: Partial<Record<keyof NewActor, boolean>> = {
      slug: true,
      districtId: !r.district,
      address: !r.address,
      lat: r.lat === undefined,
      lon: r.lon === undefined,
      offers: !r.offers.length,
      needs: !r.needs.length,
      employees: r.employees === undefined,
      foundedYear: r.founded_year === undefined,
      website: !r.website,
      email: !r.email,
      description: !Object.keys(description).length,
      originalLanguage: !r.original_language,
    }
    const changes = Object.fromEntries(
      Object.entries(actor).filter(([field]) => !blank[field as keyof NewActor]),
    ) as ImportedChanges
    checked.valid.push({ row: rowNumber, actor, changes })
  }
  return checked
}

/**
 * Inserts every valid row in one transaction, or nothing when a row is wrong unless `skipInvalid` is set;
 * a slug that exists already is a wrong row.
 */
export async function importActors(
  ctx: Ctx,
  input: { rows: Record<string, unknown>[]; skipInvalid: boolean },
): Promise<ImportReport> {
  const { valid, rejected: problems } = await checkImportRows(ctx, input.rows)
  const rejected: ImportReport['rejected'] = problems.map((r) => ({
    row: r.row,
    errors: r.problems.map((p) => `${p.field}: ${p.message}`),
  }))
  const taken = await existingSlugs(
    ctx.db,
    valid.map((v) => v.actor.slug),
  )
  for (const v of valid) {
    if (taken.has(v.actor.slug))
      rejected.push({
        row: v.row,
        errors: [`slug: ${ctx.i18n.t('actors.error.slug_taken', { slug: v.actor.slug })}`],
      })
  }
  const insertable = valid.filter((v) => !taken.has(v.actor.slug)).map((v) => v.actor)
  rejected.sort((a, b) => a.row - b.row)
  if (rejected.length && !input.skipInvalid) return { valid: insertable.length, inserted: 0, rejected }
  const ids = await ctx.db.transaction((tx) => insertActors(tx as unknown as Db, insertable))
  return { valid: insertable.length, inserted: ids.length, rejected }
}

/** The actors with these slugs: which city they are in, for an import that creates or updates. */
export const findActorsBySlugs = (db: Db, slugs: string[]) => selectActorsBySlugs(db, slugs)

/**
 * Changes an existing actor's fields to what an imported row carries (see ImportedChanges; the
 * description is merged language by language; id, slug and memberships stay). Returns the fields that
 * changed, before and after, for the caller's audit; both are empty when nothing changed.
 */
export async function updateImportedActor(
  db: Db,
  id: number,
  changes: ImportedChanges,
): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> }> {
  const [current] = await selectActorsByIds(db, [id])
  if (!current) throw notFound()
  const next: Record<string, unknown> = { ...changes }
  if (changes.description) next.description = { ...current.description, ...changes.description }
  const old = current as unknown as Record<string, unknown>
  const changed = Object.keys(next).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(next[k]))
  const pick = (source: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, source[k]]))
  if (changed.length) {
    await updateActorRow(db, id, pick(next))
    await actorsWritten(db, [id])
  }
  return { before: pick(old), after: pick(next) }
}

/** Sets or clears the member badge: since when the actor is a member of its city's cluster, or null. */
export const setClusterMembership = (db: Db, actorId: number, since: Date | null) =>
  updateMemberSince(db, actorId, since)

/** Which of these actors are members of their city's cluster (they carry the member badge). */
export const clusterMembersAmong = (db: Db, ids: number[]) => selectClusterMembersAmong(db, ids)
