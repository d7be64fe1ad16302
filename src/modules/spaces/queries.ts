import { and, asc, desc, eq, getTableColumns, inArray, ne, type SQL, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { type Db, rows } from '../../core/db/client'
import { type FacetCountRow as CoreFacetCountRow, selectFacetedMatches } from '../../core/db/facets'
import { type Bbox, cellGroups, type PointGroupRow } from '../../core/geo'
import { actors } from '../actors/schema'
import {
  type SpaceApplicationStatus,
  type SpaceStatus,
  spaceApplications,
  spaceEvents,
  spacePhotos,
  spaces,
  vacancyReports,
} from './schema'

const { search: _search, ...spaceColumns } = getTableColumns(spaces)

export type SpaceRow = Omit<typeof spaces.$inferSelect, 'search'>
export type NewSpaceRow = Omit<typeof spaces.$inferInsert, 'search'>
export type ApplicationRow = typeof spaceApplications.$inferSelect
export type VacancyReportRow = typeof vacancyReports.$inferSelect

export const facetNames = ['city', 'district', 'type', 'size', 'rent', 'terms', 'status'] as const
export type FacetName = (typeof facetNames)[number]
export type FacetFilters = Partial<Record<FacetName, string[]>>
export type FacetCountRow = CoreFacetCountRow<FacetName>

/** Floor area bands in m² (the size facet), and rent bands in euros per month (the rent facet). */
export const sizeBands = ['lt50', '50to150', '150to500', 'gt500'] as const
export const rentBands = ['free', 'lt500', '500to1500', 'gt1500'] as const
/** What the public sees of a space's status: withdrawn ones are the owner's alone. */
export const listedStatuses = ['available', 'under_application', 'let'] as const

const sizeBand = sql`CASE WHEN s.floor_area < 50 THEN 'lt50' WHEN s.floor_area < 150 THEN '50to150'
  WHEN s.floor_area < 500 THEN '150to500' ELSE 'gt500' END`
const rentBand = sql`CASE WHEN coalesce(s.rent_per_month, 0) = 0 THEN 'free' WHEN s.rent_per_month < 500 THEN 'lt500'
  WHEN s.rent_per_month < 1500 THEN '500to1500' ELSE 'gt1500' END`

const textArray = (values: string[]) => sql`${sql.param(values)}::text[]`

function filterCondition(facet: FacetName, values: string[]): SQL {
  const list = textArray(values)
  switch (facet) {
    case 'city':
      return sql`s.cluster_id = ANY(${list})`
    case 'district':
      return sql`s.district_id = ANY(${list})`
    case 'type':
      return sql`s.type = ANY(${list})`
    case 'size':
      return sql`${sizeBand} = ANY(${list})`
    case 'rent':
      return sql`${rentBand} = ANY(${list})`
    case 'terms':
      return sql`s.terms = ANY(${list})`
    case 'status':
      return sql`s.status = ANY(${list})`
  }
}

export interface SpaceSearch {
  /** A prefix tsquery over the folded words. */
  tsquery?: string
  filters: FacetFilters
  /** Spaces one can move into by this date (ISO): available from then or earlier, and not ending before. */
  availableBy?: string
  sort: 'relevance' | 'newest' | 'available' | 'area' | 'rent'
  limit: number
  offset: number
}

function baseCondition(query: Pick<SpaceSearch, 'tsquery' | 'availableBy'>): SQL {
  const parts = [sql`s.status IN ('available', 'under_application', 'let')`]
  if (query.tsquery) parts.push(sql`s.search @@ to_tsquery('simple', ${query.tsquery})`)
  if (query.availableBy)
    parts.push(
      sql`s.available_from <= ${query.availableBy}::date AND (s.available_to IS NULL OR s.available_to >= ${query.availableBy}::date)`,
    )
  return sql.join(parts, sql` AND `)
}

function sortKey(query: SpaceSearch): { key: SQL; order: SQL } {
  switch (query.sort) {
    case 'available':
      return { key: sql`s.available_from`, order: sql`sort_key ASC, id DESC` }
    case 'area':
      return { key: sql`s.floor_area`, order: sql`sort_key DESC, id DESC` }
    case 'rent':
      return { key: sql`coalesce(s.rent_per_month, 0)`, order: sql`sort_key ASC, id DESC` }
    case 'relevance':
      if (query.tsquery)
        return {
          key: sql`ts_rank(s.search, to_tsquery('simple', ${query.tsquery}))`,
          order: sql`sort_key DESC, id DESC`,
        }
      return { key: sql`s.created_at`, order: sql`sort_key DESC, id DESC` }
    case 'newest':
      return { key: sql`s.created_at`, order: sql`sort_key DESC, id DESC` }
  }
}

/** One pass over the listed spaces that match: the page's ids, the total, every facet's counts under the other filters. */
export function selectSpaceMatches(db: Db, query: SpaceSearch) {
  return selectFacetedMatches<FacetName>(db, {
    columns: sql`s.id, s.cluster_id, s.district_id, s.type, s.terms, s.status,
        ${sizeBand} AS size_band, ${rentBand} AS rent_band`,
    from: sql`spaces s WHERE ${baseCondition(query)}`,
    filters: facetNames
      .filter((f) => query.filters[f]?.length)
      .map((f) => [f, filterCondition(f, query.filters[f]!)]),
    facets: [
      { name: 'city', column: 'cluster_id' },
      { name: 'district', column: 'district_id' },
      { name: 'type', column: 'type' },
      { name: 'size', column: 'size_band' },
      { name: 'rent', column: 'rent_band' },
      { name: 'terms', column: 'terms' },
      { name: 'status', column: 'status' },
    ],
    sort: sortKey(query),
    limit: query.limit,
    offset: query.offset,
  })
}

/** A space with its owner's and tenant's names and its first photo. */
export type ListedSpace = SpaceRow & {
  ownerSlug: string
  ownerName: string
  tenantSlug: string | null
  tenantName: string | null
  firstPhoto: string | null
}

const tenants = alias(actors, 'tenants')
const listed = {
  ...spaceColumns,
  ownerSlug: actors.slug,
  ownerName: actors.name,
  tenantSlug: tenants.slug,
  tenantName: tenants.name,
  firstPhoto: sql<string | null>`(SELECT p.storage_key FROM space_photos p WHERE p.space_id = ${spaces.id}
    ORDER BY p.position, p.id LIMIT 1)`,
}

const listedSpaces = (db: Db) =>
  db
    .select(listed)
    .from(spaces)
    .innerJoin(actors, eq(actors.id, spaces.ownerActorId))
    .leftJoin(tenants, eq(tenants.id, spaces.tenantActorId))

/** Spaces with their owner, in the order of the ids given. */
export async function selectSpacesByIds(db: Db, ids: number[]): Promise<ListedSpace[]> {
  if (!ids.length) return []
  const found = await listedSpaces(db).where(inArray(spaces.id, ids))
  const byId = new Map(found.map((r) => [Number(r.id), r]))
  return ids.map((id) => byId.get(id)).filter((r): r is ListedSpace => !!r)
}

export async function selectSpaceBySlug(db: Db, slug: string): Promise<ListedSpace | undefined> {
  const [found] = await listedSpaces(db).where(eq(spaces.slug, slug))
  return found
}

/** Every space of these owners, in any state, most recently changed first. */
export const selectSpacesOfOwners = (db: Db, ownerIds: number[], limit = 200) =>
  ownerIds.length
    ? listedSpaces(db)
        .where(inArray(spaces.ownerActorId, ownerIds))
        .orderBy(desc(spaces.updatedAt), desc(spaces.id))
        .limit(limit)
    : Promise.resolve([] as ListedSpace[])

/** The spaces an owner offers publicly (available or under application). */
export const selectOfferedOfOwner = (db: Db, ownerId: number, limit: number) =>
  listedSpaces(db)
    .where(and(eq(spaces.ownerActorId, ownerId), inArray(spaces.status, ['available', 'under_application'])))
    .orderBy(desc(spaces.createdAt), desc(spaces.id))
    .limit(limit)

/** The spaces an organisation rents now. */
export const selectLetToTenant = (db: Db, tenantId: number) =>
  listedSpaces(db)
    .where(and(eq(spaces.tenantActorId, tenantId), eq(spaces.status, 'let')))
    .orderBy(desc(spaces.updatedAt), desc(spaces.id))

/** A district's listed spaces: available first, then under application, then let. */
export const selectSpacesOfDistrict = (db: Db, districtId: string, limit: number) =>
  listedSpaces(db)
    .where(and(eq(spaces.districtId, districtId), inArray(spaces.status, [...listedStatuses])))
    .orderBy(
      sql`CASE ${spaces.status} WHEN 'available' THEN 0 WHEN 'under_application' THEN 1 ELSE 2 END`,
      desc(spaces.createdAt),
      desc(spaces.id),
    )
    .limit(limit)

export async function insertSpace(db: Db, values: NewSpaceRow): Promise<SpaceRow> {
  const [row] = await db.insert(spaces).values(values).returning(spaceColumns)
  return row
}

export async function updateSpaceRow(db: Db, id: number, values: Partial<NewSpaceRow>): Promise<SpaceRow> {
  const [row] = await db
    .update(spaces)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(spaces.id, id))
    .returning(spaceColumns)
  return row
}

/** Locks the space's row for a change that reads its state first (two decisions at once); its status now. */
export async function lockSpace(db: Db, id: number): Promise<SpaceStatus | undefined> {
  const [row] = await rows<{ status: SpaceStatus }>(
    db,
    sql`SELECT status FROM spaces WHERE id = ${id} FOR UPDATE`,
  )
  return row?.status
}

export async function insertSpaceEvent(
  db: Db,
  values: { spaceId: number; status: SpaceStatus; actorId?: number | null; at?: Date },
) {
  await db.insert(spaceEvents).values(values)
}

// ---- photos --------------------------------------------------------------------------------

export const selectPhotos = (db: Db, spaceId: number) =>
  db
    .select({ id: spacePhotos.id, storageKey: spacePhotos.storageKey, position: spacePhotos.position })
    .from(spacePhotos)
    .where(eq(spacePhotos.spaceId, spaceId))
    .orderBy(asc(spacePhotos.position), asc(spacePhotos.id))

export async function insertPhotos(db: Db, spaceId: number, keys: string[], firstPosition: number) {
  if (!keys.length) return
  await db
    .insert(spacePhotos)
    .values(keys.map((storageKey, i) => ({ spaceId, storageKey, position: firstPosition + i })))
}

export async function deletePhotos(db: Db, spaceId: number, ids: number[]) {
  if (!ids.length) return []
  return db
    .delete(spacePhotos)
    .where(and(eq(spacePhotos.spaceId, spaceId), inArray(spacePhotos.id, ids)))
    .returning({ storageKey: spacePhotos.storageKey })
}

// ---- map points ----------------------------------------------------------------------------

export interface PointQuery {
  bbox?: Bbox
  filters: FacetFilters
  minArea?: number
  maxArea?: number
  limit: number
}

/** The listed spaces a map shows: filtered, and inside the box when there is one. */
function pointCondition(query: Omit<PointQuery, 'limit'>): SQL {
  const conditions = [sql`s.status IN ('available', 'under_application', 'let')`]
  if (!query.filters.status?.length) conditions.push(sql`s.status IN ('available', 'under_application')`)
  for (const f of facetNames)
    if (query.filters[f]?.length) conditions.push(filterCondition(f, query.filters[f]!))
  if (query.minArea !== undefined) conditions.push(sql`s.floor_area >= ${query.minArea}`)
  if (query.maxArea !== undefined) conditions.push(sql`s.floor_area <= ${query.maxArea}`)
  if (query.bbox) {
    const { minLon, minLat, maxLon, maxLat } = query.bbox
    conditions.push(sql`s.lon BETWEEN ${minLon} AND ${maxLon} AND s.lat BETWEEN ${minLat} AND ${maxLat}`)
  }
  return sql.join(conditions, sql` AND `)
}

export interface SpacePointRow {
  slug: string
  title: Record<string, string>
  original_language: string
  type: string
  status: SpaceStatus
  floor_area: number
  rent_per_month: number | null
  lat: number
  lon: number
  total: number
}

/** Listed spaces inside a bounding box, newest first, each row carrying how many match in all. */
export function selectSpacePoints(db: Db, query: PointQuery) {
  return rows<SpacePointRow>(
    db,
    sql`SELECT s.slug, s.title, s.original_language, s.type, s.status, s.floor_area, s.rent_per_month,
          s.lat, s.lon, (count(*) OVER ())::int AS total
        FROM spaces s WHERE ${pointCondition(query)}
        ORDER BY s.created_at DESC, s.id DESC LIMIT ${query.limit}`,
  )
}

/**
 * The listed spaces in a box counted per cell of a grid (`cell` degrees square, aligned to 0,0), each cell at
 * the mean position of its spaces. Answered from `spaces_location_idx` alone (a covering index).
 */
export function selectSpaceGroups(db: Db, query: Omit<PointQuery, 'limit'> & { bbox: Bbox }, cell: number) {
  const { columns, groupBy } = cellGroups(sql`s.lat`, sql`s.lon`, cell)
  return rows<PointGroupRow>(
    db,
    sql`SELECT ${columns} FROM spaces s WHERE ${pointCondition(query)} GROUP BY ${groupBy}`,
  )
}

// ---- district indicators -------------------------------------------------------------------

/**
 * For each district and month end ('YYYY-MM'), in one statement: the spaces offered (available or under
 * application) and let — each space's last event before the next month decides — and the reports
 * verified by then that no space was offered from.
 */
export function selectMonthlySpaceCounts(db: Db, districtIds: string[], months: string[]) {
  if (!districtIds.length || !months.length) return Promise.resolve([])
  return rows<{ month: string; district_id: string; offered: number; let: number; unoffered: number }>(
    db,
    sql`WITH ends AS (
          SELECT m AS month, to_date(m, 'YYYY-MM') + interval '1 month' AS next_start
          FROM unnest(${textArray(months)}) m
        ), last_states AS (
          SELECT DISTINCT ON (e.month, ev.space_id) e.month, s.district_id, ev.status
          FROM ends e
          JOIN space_events ev ON ev.at < e.next_start
          JOIN spaces s ON s.id = ev.space_id AND s.district_id = ANY(${textArray(districtIds)})
          ORDER BY e.month, ev.space_id, ev.at DESC, ev.id DESC
        ), space_counts AS (
          SELECT month, district_id,
            count(*) FILTER (WHERE status IN ('available', 'under_application'))::int AS offered,
            count(*) FILTER (WHERE status = 'let')::int AS let
          FROM last_states GROUP BY month, district_id
        ), report_counts AS (
          SELECT e.month, r.district_id, count(*)::int AS unoffered
          FROM ends e JOIN vacancy_reports r ON r.decided_at < e.next_start
          WHERE r.district_id = ANY(${textArray(districtIds)}) AND r.status = 'verified' AND r.space_id IS NULL
          GROUP BY e.month, r.district_id
        )
        SELECT coalesce(s.month, r.month) AS month, coalesce(s.district_id, r.district_id) AS district_id,
          coalesce(s.offered, 0) AS offered, coalesce(s.let, 0) AS let, coalesce(r.unoffered, 0) AS unoffered
        FROM space_counts s FULL JOIN report_counts r ON r.month = s.month AND r.district_id = s.district_id`,
  )
}

// ---- applications --------------------------------------------------------------------------

export type ListedApplication = ApplicationRow & {
  actorSlug: string
  actorName: string
  actorClusterId: string
  actorSectors: string[]
}

const listedApplication = {
  ...getTableColumns(spaceApplications),
  actorSlug: actors.slug,
  actorName: actors.name,
  actorClusterId: actors.clusterId,
  actorSectors: actors.sectors,
}

const applicationsWithActor = (db: Db) =>
  db
    .select(listedApplication)
    .from(spaceApplications)
    .innerJoin(actors, eq(actors.id, spaceApplications.actorId))

export const selectApplicationsOf = (db: Db, spaceId: number): Promise<ListedApplication[]> =>
  applicationsWithActor(db)
    .where(eq(spaceApplications.spaceId, spaceId))
    .orderBy(asc(spaceApplications.createdAt), asc(spaceApplications.id))

/** The applications these organisations made for one space. */
export const selectApplicationsOfActors = (db: Db, spaceId: number, actorIds: number[]) =>
  actorIds.length
    ? applicationsWithActor(db)
        .where(and(eq(spaceApplications.spaceId, spaceId), inArray(spaceApplications.actorId, actorIds)))
        .orderBy(asc(spaceApplications.id))
    : Promise.resolve([] as ListedApplication[])

export async function selectApplication(db: Db, id: number): Promise<ListedApplication | undefined> {
  const [found] = await applicationsWithActor(db).where(eq(spaceApplications.id, id))
  return found
}

/** Inserts an application unless the organisation applied already; undefined then. */
export async function insertApplication(
  db: Db,
  values: typeof spaceApplications.$inferInsert,
): Promise<ApplicationRow | undefined> {
  const [row] = await db.insert(spaceApplications).values(values).onConflictDoNothing().returning()
  return row
}

export async function updateApplication(
  db: Db,
  id: number,
  values: { status?: SpaceApplicationStatus; conversationId?: number | null; decided?: boolean },
) {
  const { decided, ...set } = values
  await db
    .update(spaceApplications)
    .set({ ...set, ...(decided ? { decidedAt: new Date() } : {}) })
    .where(eq(spaceApplications.id, id))
}

/** Declines every open application of a space but the chosen one; returns the declined. */
export const declineOtherApplications = (db: Db, spaceId: number, chosenId: number) =>
  db
    .update(spaceApplications)
    .set({ status: 'declined', decidedAt: new Date() })
    .where(
      and(
        eq(spaceApplications.spaceId, spaceId),
        ne(spaceApplications.id, chosenId),
        inArray(spaceApplications.status, ['pending', 'shortlisted']),
      ),
    )
    .returning({ id: spaceApplications.id, actorId: spaceApplications.actorId })

export const countOpenApplications = async (db: Db, spaceIds: number[]) => {
  if (!spaceIds.length) return new Map<number, number>()
  const found = await db
    .select({ id: spaceApplications.spaceId, n: sql<number>`count(*)::int` })
    .from(spaceApplications)
    .where(
      and(
        inArray(spaceApplications.spaceId, spaceIds),
        inArray(spaceApplications.status, ['pending', 'shortlisted']),
      ),
    )
    .groupBy(spaceApplications.spaceId)
  return new Map(found.map((r) => [Number(r.id), Number(r.n)]))
}

export const selectApplicationsCreatedBy = (db: Db, userId: string) =>
  db
    .select({
      space: spaces.slug,
      organisation: actors.slug,
      proposal: spaceApplications.proposal,
      people: spaceApplications.people,
      hours: spaceApplications.hours,
      contribution: spaceApplications.contribution,
      status: spaceApplications.status,
      createdAt: spaceApplications.createdAt,
    })
    .from(spaceApplications)
    .innerJoin(spaces, eq(spaces.id, spaceApplications.spaceId))
    .innerJoin(actors, eq(actors.id, spaceApplications.actorId))
    .where(eq(spaceApplications.createdBy, userId))
    .orderBy(asc(spaceApplications.id))

// ---- vacancy reports -----------------------------------------------------------------------

export async function insertVacancyReport(db: Db, values: typeof vacancyReports.$inferInsert) {
  const [row] = await db.insert(vacancyReports).values(values).returning()
  return row
}

export const selectVacancyReports = (db: Db, clusterId: string, status: VacancyReportRow['status']) =>
  db
    .select()
    .from(vacancyReports)
    .where(and(eq(vacancyReports.clusterId, clusterId), eq(vacancyReports.status, status)))
    .orderBy(asc(vacancyReports.createdAt), asc(vacancyReports.id))
    .limit(200)

export async function selectVacancyReport(db: Db, id: number): Promise<VacancyReportRow | undefined> {
  const [found] = await db.select().from(vacancyReports).where(eq(vacancyReports.id, id))
  return found
}

/** Locks a report for its decision; its status now. */
export async function lockVacancyReport(db: Db, id: number) {
  const [row] = await rows<{ status: VacancyReportRow['status'] }>(
    db,
    sql`SELECT status FROM vacancy_reports WHERE id = ${id} FOR UPDATE`,
  )
  return row?.status
}

export async function updateVacancyReport(
  db: Db,
  id: number,
  values: Partial<typeof vacancyReports.$inferInsert>,
) {
  const [row] = await db.update(vacancyReports).set(values).where(eq(vacancyReports.id, id)).returning()
  return row
}

export const selectReportsBy = (db: Db, userId: string) =>
  db
    .select({
      address: vacancyReports.address,
      lat: vacancyReports.lat,
      lon: vacancyReports.lon,
      note: vacancyReports.note,
      status: vacancyReports.status,
      createdAt: vacancyReports.createdAt,
      decidedAt: vacancyReports.decidedAt,
    })
    .from(vacancyReports)
    .where(eq(vacancyReports.reportedBy, userId))
    .orderBy(asc(vacancyReports.id))

export const countOpenReports = async (db: Db, clusterId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(vacancyReports)
      .where(and(eq(vacancyReports.clusterId, clusterId), eq(vacancyReports.status, 'open')))
  )[0].n

// ---- demo ----------------------------------------------------------------------------------

export async function insertDemoApplications(db: Db, values: (typeof spaceApplications.$inferInsert)[]) {
  if (!values.length) return []
  return db.insert(spaceApplications).values(values).returning()
}
