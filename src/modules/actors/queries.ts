import { and, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm'
import { type Db, rows } from '../../core/db/client'
import { type FacetCountRow as CoreFacetCountRow, selectFacetedMatches } from '../../core/db/facets'
import { type Bbox, cellGroups, type PointGroupRow } from '../../core/geo'
import type { IndexRow } from './directory-index'
import { actors, type RestrictableField, type Visibility } from './schema'

export type ActorRow = typeof actors.$inferSelect
export type NewActorRow = typeof actors.$inferInsert

export const facetNames = ['city', 'sector', 'kind', 'offers', 'needs', 'language', 'size'] as const
export type FacetName = (typeof facetNames)[number]
export type FacetFilters = Partial<Record<FacetName, string[]>>

export interface TextMatch {
  /** A prefix tsquery over the folded words, e.g. `lichtf:* & leip:*`. */
  tsquery: string
  /** The folded query, for trigram similarity with names. */
  folded: string
  /** Capabilities the query names in any language. */
  capabilities: string[]
  /** Actors whose name is like the query (typos), found beforehand by selectNamesLike. */
  namesLike: number[]
}

export interface SearchQuery {
  text?: TextMatch
  filters: FacetFilters
  /** What the viewer sees of restricted fields: needs hidden from them are not searched. */
  scope: VisibilityScope
  sort: 'relevance' | 'newest' | 'name'
  limit: number
  offset: number
}

// One parameter per array, so that the statement's text (and its prepared plan) does not depend on how many values there are.
const textArray = (values: string[]) => sql`${sql.param(values)}::text[]`

/** The levels a viewer sees of every actor, and the actors and cities of which they see everything. */
export interface VisibilityScope {
  levels: Visibility[]
  actorIds: number[]
  clusterIds: string[]
}

// A field missing from `visibility` is public. The address's level is also a generated column, which the
// location index carries, so a map's box needs no visit to the rows.
const levelOf = (field: RestrictableField) =>
  field === 'address' ? sql`a.address_visibility` : sql`coalesce(a.visibility->>${field}, 'public')`

const shownField = (field: RestrictableField, scope: VisibilityScope) =>
  sql`(${levelOf(field)} = ANY(${textArray(scope.levels)})
    OR a.id = ANY(${sql.param(scope.actorIds)}::bigint[]) OR a.cluster_id = ANY(${textArray(scope.clusterIds)}))`

function filterCondition(facet: FacetName, values: string[], scope: VisibilityScope): SQL {
  const list = textArray(values)
  switch (facet) {
    case 'city':
      return sql`a.cluster_id = ANY(${list})`
    case 'kind':
      return sql`a.kind = ANY(${list})`
    case 'size':
      return sql`a.size_band = ANY(${list})`
    case 'sector':
      return sql`a.sectors && ${list}`
    case 'offers':
      return sql`a.offers && ${list}`
    case 'needs':
      return sql`(a.needs && ${list} AND ${shownField('needs', scope)})`
    case 'language':
      return sql`a.languages && ${list}`
  }
}

/**
 * Words, a capability the query names, or a name like the query. Every arm is a plain index condition, so
 * the planner combines index scans; name similarity is not computed for every matching row.
 */
function textCondition(text: TextMatch | undefined): SQL {
  if (!text) return sql`true`
  const parts = [sql`a.search @@ to_tsquery('simple', ${text.tsquery})`]
  if (text.capabilities.length) parts.push(sql`a.offers && ${textArray(text.capabilities)}`)
  if (text.namesLike.length) parts.push(sql`a.id = ANY(${sql.param(text.namesLike)}::bigint[])`)
  return sql`(${sql.join(parts, sql` OR `)})`
}

/** Actors whose name has a word like the query's, for typo tolerance (trigram word similarity). */
export async function selectNamesLike(db: Db, folded: string, limit: number): Promise<number[]> {
  const found = await rows<{ id: number }>(
    db,
    sql`SELECT id FROM actors WHERE ${folded} <% name_norm LIMIT ${limit}`,
    {
      prepare: false,
    },
  )
  return found.map((r) => Number(r.id))
}

const activeFilters = (filters: FacetFilters, scope: VisibilityScope) =>
  facetNames.filter((f) => filters[f]?.length).map((f) => filterCondition(f, filters[f]!, scope))

/**
 * Words' rank, plus the name's likeness for the names found like the query (computing it for every match
 * cost more than the rest of the ranking), plus a bonus for offering a capability the query names.
 */
function rankExpression(text: TextMatch | undefined): SQL {
  if (!text) return sql`0`
  const nameBonus = text.namesLike.length
    ? sql` + CASE WHEN a.id = ANY(${sql.param(text.namesLike)}::bigint[]) THEN word_similarity(${text.folded}, a.name_norm) ELSE 0 END`
    : sql``
  const capabilityBonus = text.capabilities.length
    ? sql` + CASE WHEN a.offers && ${textArray(text.capabilities)} THEN 0.3 ELSE 0 END`
    : sql``
  return sql`(ts_rank(a.search, to_tsquery('simple', ${text.tsquery}))${nameBonus}${capabilityBonus})`
}

const listColumns = sql`a.id, a.slug, a.name, a.kind, a.cluster_id, a.district_id, a.sectors, a.offers, a.needs,
  a.languages, a.size_band, a.founded_year, a.description, a.original_language, a.lat, a.lon, a.logo_url,
  a.founding_partner, a.visibility, a.member_since, a.created_at`

export interface ActorListRow {
  id: number
  slug: string
  name: string
  kind: string
  cluster_id: string
  district_id: string | null
  sectors: string[]
  offers: string[]
  needs: string[]
  languages: string[]
  size_band: string
  founded_year: number | null
  description: Record<string, string>
  original_language: string
  lat: number | null
  lon: number | null
  logo_url: string | null
  founding_partner: boolean
  visibility: Partial<Record<RestrictableField, Visibility>>
  member_since: string | Date | null
  created_at: string | Date
}

/** A page of a view without text (nothing to rank): an index-ordered scan under the filters. */
export async function selectActorPage(db: Db, query: Omit<SearchQuery, 'text'>): Promise<ActorListRow[]> {
  const filters = activeFilters(query.filters, query.scope)
  const where = filters.length ? sql.join(filters, sql` AND `) : sql`true`
  const order =
    query.sort === 'name' ? sql`a.name_norm COLLATE "C" ASC, a.id ASC` : sql`a.created_at DESC, a.id DESC`
  return rows<ActorListRow>(
    db,
    sql`SELECT ${listColumns} FROM actors a WHERE ${where} ORDER BY ${order} LIMIT ${query.limit} OFFSET ${query.offset}`,
  )
}

export type FacetCountRow = CoreFacetCountRow<FacetName>

function sortKey(query: SearchQuery, allFilters: SQL): { key: SQL; order: SQL } {
  if (query.sort === 'name') return { key: sql`a.name_norm COLLATE "C"`, order: sql`sort_key ASC, id ASC` }
  if (query.sort === 'newest' || !query.text)
    return { key: sql`a.created_at`, order: sql`sort_key DESC, id DESC` }
  // Ranked only where every filter holds: those are the rows that can be on the page.
  return {
    key: sql`CASE WHEN ${allFilters} THEN ${rankExpression(query.text)} END`,
    order: sql`sort_key DESC NULLS LAST, id ASC`,
  }
}

/**
 * One pass over the rows that match the text: the ids of the requested page, the total, and for every
 * facet how many matches each value has under all the other filters (so a chosen city still shows the
 * other cities' counts). Rows that fail two or more filters count nowhere and are left out early.
 */
export function selectMatches(db: Db, query: SearchQuery) {
  const active = facetNames.filter((f) => query.filters[f]?.length)
  const condition = (f: FacetName) => filterCondition(f, query.filters[f]!, query.scope)
  const allFilters = active.length ? sql.join(active.map(condition), sql` AND `) : sql`true`
  const failing = active.length
    ? sql`(${sql.join(
        active.map((f) => sql`(NOT ${condition(f)})::int`),
        sql` + `,
      )}) <= 1`
    : sql`true`
  return selectFacetedMatches<FacetName>(db, {
    columns: sql`a.id, a.cluster_id, a.kind, a.size_band, a.sectors, a.offers, a.languages,
        CASE WHEN ${shownField('needs', query.scope)} THEN a.needs ELSE '{}' END AS needs`,
    from: sql`actors a WHERE ${textCondition(query.text)} AND ${failing}`,
    filters: active.map((f) => [f, condition(f)]),
    facets: [
      { name: 'city', column: 'cluster_id' },
      { name: 'kind', column: 'kind' },
      { name: 'size', column: 'size_band' },
      { name: 'sector', column: 'sectors', array: true },
      { name: 'offers', column: 'offers', array: true },
      { name: 'needs', column: 'needs', array: true },
      { name: 'language', column: 'languages', array: true },
    ],
    sort: sortKey(query, allFilters),
    limit: query.limit,
    offset: query.offset,
  })
}

/** Actors for a list, in the order of the ids given. */
export async function selectActorList(db: Db, ids: number[]): Promise<ActorListRow[]> {
  if (!ids.length) return []
  const found = await rows<ActorListRow>(
    db,
    sql`SELECT ${listColumns} FROM actors a WHERE a.id = ANY(${sql.param(ids)}::bigint[])`,
  )
  const byId = new Map(found.map((r) => [Number(r.id), r]))
  return ids.map((id) => byId.get(id)!).filter(Boolean)
}

export interface GeoRow {
  id: number
  slug: string
  name: string
  kind: string
  sector: string | null
  cluster_id: string
  lat: number
  lon: number
  visibility: Partial<Record<RestrictableField, Visibility>>
}

type PointQuery = Pick<SearchQuery, 'text' | 'filters' | 'scope'>

/**
 * The actors a map shows: the search's matches with a location; inside a box, only those whose address
 * (and so location) the viewer may see, so that counts and groups give nothing hidden away.
 */
function pointCondition(query: PointQuery, box?: Bbox): SQL {
  return placeCondition(
    query,
    box &&
      sql`a.lon BETWEEN ${box.minLon} AND ${box.maxLon} AND a.lat BETWEEN ${box.minLat} AND ${box.maxLat}`,
  )
}

function placeCondition(query: PointQuery, place: SQL | undefined): SQL {
  const conditions = [textCondition(query.text), ...activeFilters(query.filters, query.scope)]
  if (place) conditions.push(sql`a.lat IS NOT NULL AND ${place}`, shownField('address', query.scope))
  else conditions.push(sql`a.lat IS NOT NULL`)
  return sql.join(conditions, sql` AND `)
}

export async function selectActorPoints(db: Db, query: PointQuery, limit: number, box?: Bbox) {
  return rows<GeoRow>(
    db,
    sql`SELECT a.id, a.slug, a.name, a.kind, a.sectors[1] AS sector, a.cluster_id, a.lat, a.lon, a.visibility
        FROM actors a WHERE ${pointCondition(query, box)} ORDER BY a.id LIMIT ${limit}`,
  )
}

/**
 * The actors in a box counted per cell of a grid (`cell` degrees square, aligned to 0,0 so groups stay put
 * while the map pans), each cell at the mean position of its actors. A box at city zoom or wider without text
 * or filters but the city is answered from actor_cells where the box covers whole fine cells, and from the
 * actors themselves only along its edges; the groups are the same as counting every actor.
 */
export function selectActorGroups(db: Db, query: PointQuery, box: Bbox, cell: number) {
  const inner = innerCells(box, cell)
  const onlyCity = facetNames.every((f) => f === 'city' || !query.filters[f]?.length)
  if (inner && !query.text && onlyCity) return selectGroupsFromCells(db, query, box, inner)
  const { columns, groupBy } = cellGroups(sql`a.lat`, sql`a.lon`, cell)
  return rows<PointGroupRow>(
    db,
    sql`SELECT ${columns} FROM actors a WHERE ${pointCondition(query, box)} GROUP BY ${groupBy}`,
  )
}

/** actor_cells' grid: 1/256 of a degree (about 430 by 280 m at 50° N), the migration's `* 256`. */
const cellsPerDegree = 256

interface InnerCells {
  /** The fine cells wholly inside the box: x0 ≤ x < x1, y0 ≤ y < y1. */
  x0: number
  x1: number
  y0: number
  y1: number
  /** A group's cell is 2^shift fine cells square. */
  shift: number
}

/** The fine cells a box covers whole, when the group cell is made of fine cells and there are any. */
function innerCells(box: Bbox, cell: number): InnerCells | undefined {
  const shift = Math.log2(cell * cellsPerDegree)
  if (!Number.isInteger(shift) || shift < 0) return undefined
  const x0 = Math.ceil(box.minLon * cellsPerDegree)
  const x1 = Math.floor(box.maxLon * cellsPerDegree)
  const y0 = Math.ceil(box.minLat * cellsPerDegree)
  const y1 = Math.floor(box.maxLat * cellsPerDegree)
  return x0 < x1 && y0 < y1 ? { x0, x1, y0, y1, shift } : undefined
}

function selectGroupsFromCells(db: Db, query: PointQuery, box: Bbox, inner: InnerCells) {
  const { x0, x1, y0, y1, shift } = inner
  const [west, east, south, north] = [x0, x1, y0, y1].map((v) => v / cellsPerDegree)
  const { scope } = query
  const city = query.filters.city?.length
    ? sql` AND c.cluster_id = ANY(${textArray(query.filters.city)})`
    : sql``
  // Actors one by one: their fine cell's group, counted once each.
  const actorsWhere = (place: SQL) =>
    sql`SELECT floor(a.lon * ${cellsPerDegree}::float8)::int >> ${shift}::int AS gx,
          floor(a.lat * ${cellsPerDegree}::float8)::int >> ${shift}::int AS gy, 1 AS n, a.lat AS lat_sum, a.lon AS lon_sum
        FROM actors a WHERE ${placeCondition(query, place)}`
  const parts = [
    sql`SELECT c.x >> ${shift}::int AS gx, c.y >> ${shift}::int AS gy, c.n, c.lat_sum, c.lon_sum FROM actor_cells c
        WHERE c.x >= ${x0}::int AND c.x < ${x1}::int AND c.y >= ${y0}::int AND c.y < ${y1}::int${city}
          AND (c.address_visibility = ANY(${textArray(scope.levels)}) OR c.cluster_id = ANY(${textArray(scope.clusterIds)}))`,
    // The edges of the box, outside the whole cells: west and east from south to north, then south and north.
    actorsWhere(
      sql`a.lon >= ${box.minLon} AND a.lon < ${west} AND a.lat BETWEEN ${box.minLat} AND ${box.maxLat}`,
    ),
    actorsWhere(
      sql`a.lon >= ${east} AND a.lon <= ${box.maxLon} AND a.lat BETWEEN ${box.minLat} AND ${box.maxLat}`,
    ),
    actorsWhere(sql`a.lon >= ${west} AND a.lon < ${east} AND a.lat >= ${box.minLat} AND a.lat < ${south}`),
    actorsWhere(sql`a.lon >= ${west} AND a.lon < ${east} AND a.lat >= ${north} AND a.lat <= ${box.maxLat}`),
  ]
  // The viewer's own organisations, whose address they see whoever else may not: not in the cells they may see.
  if (scope.actorIds.length)
    parts.push(
      sql`${actorsWhere(sql`a.lon >= ${west} AND a.lon < ${east} AND a.lat >= ${south} AND a.lat < ${north}`)}
          AND NOT (a.address_visibility = ANY(${textArray(scope.levels)}) OR a.cluster_id = ANY(${textArray(scope.clusterIds)}))`,
    )
  return rows<PointGroupRow>(
    db,
    sql`SELECT round((sum(p.lat_sum) / sum(p.n))::numeric, 5)::float8 AS lat,
          round((sum(p.lon_sum) / sum(p.n))::numeric, 5)::float8 AS lon, sum(p.n)::int AS n
        FROM (${sql.join(parts, sql` UNION ALL `)}) p GROUP BY p.gx, p.gy`,
  )
}

export const selectActorBySlug = async (db: Db, slug: string) =>
  (await db.select().from(actors).where(eq(actors.slug, slug)))[0]

export const selectActorsByIds = (db: Db, ids: number[]) =>
  db.select().from(actors).where(inArray(actors.id, ids))

/**
 * Actors that offer what this one offers or work in its sectors, best overlap first. The candidates
 * are bounded (scans that stop after a few hundred), so the cost does not grow with the directory.
 */
export async function selectSimilarActors(db: Db, actor: ActorRow, limit: number) {
  const sectors = textArray(actor.sectors.length ? actor.sectors : [''])
  const offers = textArray(actor.offers.length ? actor.offers : [''])
  return rows<ActorListRow>(
    db,
    sql`WITH candidates AS (
          (SELECT id FROM actors WHERE offers && ${offers} AND id <> ${actor.id} LIMIT 120)
          UNION
          (SELECT id FROM actors WHERE sectors && ${sectors} AND id <> ${actor.id} LIMIT 40)
        )
        SELECT ${listColumns} FROM actors a JOIN candidates c ON c.id = a.id
        ORDER BY (SELECT count(*) FROM unnest(a.sectors) s WHERE s = ANY(${sectors})) * 2
               + (SELECT count(*) FROM unnest(a.offers) o WHERE o = ANY(${offers})) DESC, a.id
        LIMIT ${limit}`,
  )
}

/** The actors located in a district, by name, and how many there are. */
export async function selectActorsInDistrict(db: Db, districtId: string, limit: number) {
  const [list, [{ total }]] = await Promise.all([
    rows<ActorListRow>(
      db,
      sql`SELECT ${listColumns} FROM actors a WHERE a.district_id = ${districtId} ORDER BY a.name, a.id LIMIT ${limit}`,
    ),
    rows<{ total: number }>(
      db,
      sql`SELECT count(*)::int AS total FROM actors WHERE district_id = ${districtId}`,
    ),
  ])
  return { list, total }
}

/**
 * Per district and month end ('YYYY-MM'): the actors located there that had joined the directory by then
 * (created_at is the arrival date) and the employees they declare publicly.
 */
export function selectDistrictActorFigures(db: Db, districtIds: string[], months: string[]) {
  return rows<{ district_id: string; month: string; actors: number; jobs: number }>(
    db,
    sql`SELECT a.district_id, m.month, count(*)::int AS actors,
               coalesce(sum(a.employees) FILTER (WHERE coalesce(a.visibility->>'employees', 'public') = 'public'), 0)::int AS jobs
        FROM unnest(${textArray(months)}) AS m(month)
        JOIN actors a ON a.district_id = ANY(${textArray(districtIds)})
         AND a.created_at < to_date(m.month, 'YYYY-MM') + interval '1 month'
        GROUP BY a.district_id, m.month`,
  )
}

export async function selectNewestActors(db: Db, limit: number) {
  return rows<ActorListRow>(
    db,
    sql`SELECT ${listColumns} FROM actors a WHERE NOT a.founding_partner ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit}`,
  )
}

export async function selectCountsByCluster(db: Db) {
  return rows<{ cluster_id: string; actors: number; sectors: number }>(
    db,
    sql`SELECT cluster_id, coalesce(sum(n) FILTER (WHERE facet = 'all'), 0)::int AS actors,
          count(*) FILTER (WHERE facet = 'sector')::int AS sectors
        FROM actor_counts GROUP BY cluster_id`,
  )
}

/** How many actors there are, from the counts the triggers keep. */
export const selectActorTotal = async (db: Db) =>
  (
    await rows<{ n: number }>(
      db,
      sql`SELECT coalesce(sum(n), 0)::int AS n FROM actor_counts WHERE facet = 'all'`,
    )
  )[0].n

export async function selectSectorMix(db: Db, clusterId: string) {
  return rows<{ sector: string; actors: number }>(
    db,
    sql`SELECT value AS sector, n AS actors FROM actor_counts
        WHERE cluster_id = ${clusterId} AND facet = 'sector' ORDER BY n DESC, value`,
  )
}

/**
 * The same counts as selectMatches for a view without text and with at most a city filter,
 * read from the counts the triggers keep instead of counted over the rows.
 */
export async function selectStoredFacetCounts(
  db: Db,
  cities: string[] | undefined,
): Promise<FacetCountRow[]> {
  const inCities = cities?.length ? sql`cluster_id = ANY(${textArray(cities)})` : sql`true`
  return rows<FacetCountRow>(
    db,
    sql`SELECT 'total'::text AS facet, NULL AS value, coalesce(sum(n), 0)::int AS n FROM actor_counts WHERE facet = 'all' AND ${inCities}
        UNION ALL SELECT 'city', cluster_id, n FROM actor_counts WHERE facet = 'all'
        UNION ALL SELECT facet, value, sum(n)::int FROM actor_counts WHERE facet <> 'all' AND ${inCities} GROUP BY facet, value`,
  )
}

/**
 * Actors for the directory's index in memory, with the words of `search`: `limit` at a time after `after` in the
 * order of ids, or those of `ids` that exist.
 */
export const selectIndexRows = (db: Db, which: { after: number; limit: number } | { ids: number[] }) =>
  rows<IndexRow>(
    db,
    sql`SELECT id, cluster_id, kind, size_band, sectors, offers, needs, languages,
          coalesce(visibility->>'needs', 'public') AS needs_level, name_norm,
          tsvector_to_array(ts_filter(search, '{a}')) AS name_words, tsvector_to_array(search) AS words,
          (extract(epoch FROM created_at) * 1000000)::bigint AS created
        FROM actors
        WHERE ${'ids' in which ? sql`id = ANY(${sql.param(which.ids)}::bigint[])` : sql`id > ${which.after}`}
        ORDER BY id${'limit' in which ? sql` LIMIT ${which.limit}` : sql``}`,
  )

/**
 * In one reading: the version of actors, since which version every change is in actor_changes, and up to
 * `limit` of the actors written after `after`, each once.
 */
export async function selectChangesSince(db: Db, after: number, limit: number) {
  const [row] = await rows<{ version: string; changes_from: string; ids: (string | number)[] }>(
    db,
    sql`SELECT v.version, v.changes_from,
          array(SELECT DISTINCT c.actor_id FROM actor_changes c WHERE c.version > ${after} AND c.version <= v.version
                LIMIT ${limit}) AS ids
        FROM actor_version v`,
  )
  return { version: Number(row.version), changesFrom: Number(row.changes_from), ids: row.ids.map(Number) }
}

/** The number that moves with every change to actors (actor_version). */
export const selectActorVersion = async (db: Db) =>
  Number((await rows<{ version: string }>(db, sql`SELECT version FROM actor_version`))[0].version)

export const hasActors = async (db: Db) =>
  (await rows<{ found: boolean }>(db, sql`SELECT EXISTS (SELECT 1 FROM actors) AS found`))[0].found

export async function insertActorRows(db: Db, values: NewActorRow[]): Promise<number[]> {
  const ids: number[] = []
  for (let i = 0; i < values.length; i += 500) {
    const inserted = await db
      .insert(actors)
      .values(values.slice(i, i + 500))
      .returning({ id: actors.id })
    ids.push(...inserted.map((r) => r.id))
  }
  return ids
}

export async function existingSlugs(db: Db, slugs: string[]): Promise<Set<string>> {
  if (!slugs.length) return new Set()
  const found = await db.select({ slug: actors.slug }).from(actors).where(inArray(actors.slug, slugs))
  return new Set(found.map((r) => r.slug))
}

/** Which of these actors are members of their city's cluster. */
export async function selectClusterMembersAmong(db: Db, ids: number[]): Promise<number[]> {
  if (!ids.length) return []
  const found = await db
    .select({ id: actors.id })
    .from(actors)
    .where(and(inArray(actors.id, ids), isNotNull(actors.memberSince)))
  return found.map((r) => Number(r.id))
}

export const selectActorsBySlugs = (db: Db, slugs: string[]) =>
  slugs.length
    ? db
        .select({ id: actors.id, slug: actors.slug, clusterId: actors.clusterId })
        .from(actors)
        .where(inArray(actors.slug, slugs))
    : Promise.resolve([])

export async function updateActorRow(db: Db, id: number, values: Partial<Omit<NewActorRow, 'id' | 'slug'>>) {
  await db
    .update(actors)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(actors.id, id))
}

export async function updateMemberSince(db: Db, id: number, since: Date | null) {
  await db.update(actors).set({ memberSince: since }).where(eq(actors.id, id))
}

export const selectRecentClusterMembers = async (db: Db, clusterId: string, limit: number) =>
  (
    await rows<{ id: number }>(
      db,
      sql`SELECT id::int AS id FROM actors WHERE cluster_id = ${clusterId} AND member_since IS NOT NULL
          ORDER BY updated_at DESC, id LIMIT ${limit}`,
    )
  ).map((r) => r.id)
