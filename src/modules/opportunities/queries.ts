import { and, desc, eq, getTableColumns, inArray, or, type SQL, sql } from 'drizzle-orm'
import { type Db, rows } from '../../core/db/client'
import { type FacetCountRow as CoreFacetCountRow, selectFacetedMatches } from '../../core/db/facets'
import type { Localized } from '../../core/i18n'
import { actors } from '../actors/schema'
import {
  type InterestStatus,
  interests,
  type OpportunityStatus,
  type OpportunityType,
  opportunities,
} from './schema'

const { search: _search, ...opportunityColumns } = getTableColumns(opportunities)

export type OpportunityRow = Omit<typeof opportunities.$inferSelect, 'search'>
export type NewOpportunityRow = Omit<typeof opportunities.$inferInsert, 'search'>
export type InterestRow = typeof interests.$inferSelect

export const facetNames = ['type', 'city', 'sector', 'capability', 'deadline', 'reach'] as const
export type FacetName = (typeof facetNames)[number]
export type FacetFilters = Partial<Record<FacetName, string[]>>

/** How far away the deadline is: the values of the deadline facet. */
export const deadlineWindows = ['week', 'month', 'later', 'none'] as const

export interface OpportunityTextMatch {
  /** A prefix tsquery over the folded words. */
  tsquery: string
  /** Capabilities the query names in any language: opportunities offering or needing them match too. */
  capabilities: string[]
}

export interface OpportunitySearch {
  text?: OpportunityTextMatch
  filters: FacetFilters
  sort: 'relevance' | 'newest' | 'deadline'
  /** The board shows pinned opportunities first; the feed is strictly newest first. */
  pinnedFirst: boolean
  limit: number
  offset: number
}

const textArray = (values: string[]) => sql`${sql.param(values)}::text[]`

const deadlineWindow = sql`CASE WHEN o.deadline IS NULL THEN 'none'
  WHEN o.deadline < current_date + 7 THEN 'week'
  WHEN o.deadline < current_date + 31 THEN 'month' ELSE 'later' END`

function filterCondition(facet: FacetName, values: string[]): SQL {
  const list = textArray(values)
  switch (facet) {
    case 'type':
      return sql`o.type = ANY(${list})`
    case 'city':
      return sql`o.cluster_id = ANY(${list})`
    case 'sector':
      return sql`o.sectors && ${list}`
    case 'capability':
      return sql`(o.offers && ${list} OR o.needs && ${list})`
    case 'deadline':
      return sql`${deadlineWindow} = ANY(${list})`
    case 'reach':
      return sql`o.reach = ANY(${list})`
  }
}

function textCondition(text: OpportunityTextMatch | undefined): SQL {
  if (!text) return sql`true`
  const parts = [sql`o.search @@ to_tsquery('simple', ${text.tsquery})`]
  if (text.capabilities.length) {
    const caps = textArray(text.capabilities)
    parts.push(sql`o.offers && ${caps}`, sql`o.needs && ${caps}`)
  }
  return sql`(${sql.join(parts, sql` OR `)})`
}

function sortKey(query: OpportunitySearch): { key: SQL; order: SQL } {
  const pinned = query.pinnedFirst ? sql`pinned DESC, ` : sql``
  if (query.sort === 'deadline')
    return { key: sql`o.deadline`, order: sql`${pinned}sort_key ASC NULLS LAST, id DESC` }
  if (query.sort === 'newest' || !query.text)
    return { key: sql`o.published_at`, order: sql`${pinned}sort_key DESC NULLS LAST, id DESC` }
  const capabilityBonus = query.text.capabilities.length
    ? sql` + CASE WHEN o.offers && ${textArray(query.text.capabilities)} OR o.needs && ${textArray(query.text.capabilities)} THEN 0.3 ELSE 0 END`
    : sql``
  return {
    key: sql`(ts_rank(o.search, to_tsquery('simple', ${query.text.tsquery}))${capabilityBonus})`,
    order: sql`${pinned}sort_key DESC, id DESC`,
  }
}

export type FacetCountRow = CoreFacetCountRow<FacetName>

/**
 * One pass over the published opportunities that match the text: the page's ids, the total, and for every
 * facet the counts of its values under all the other filters (as the directory counts them).
 */
export function selectOpportunityMatches(db: Db, query: OpportunitySearch) {
  return selectFacetedMatches<FacetName>(db, {
    columns: sql`o.id, o.type, o.cluster_id, o.reach, o.sectors, o.pinned,
        ARRAY(SELECT DISTINCT c FROM unnest(o.offers || o.needs) c) AS capabilities,
        ${deadlineWindow} AS deadline_window`,
    from: sql`opportunities o WHERE o.status = 'published' AND ${textCondition(query.text)}`,
    filters: facetNames
      .filter((f) => query.filters[f]?.length)
      .map((f) => [f, filterCondition(f, query.filters[f]!)]),
    facets: [
      { name: 'type', column: 'type' },
      { name: 'city', column: 'cluster_id' },
      { name: 'reach', column: 'reach' },
      { name: 'deadline', column: 'deadline_window' },
      { name: 'sector', column: 'sectors', array: true },
      { name: 'capability', column: 'capabilities', array: true },
    ],
    sort: sortKey(query),
    limit: query.limit,
    offset: query.offset,
  })
}

/** An opportunity with the name and slug of the organisation that posted it (none for a cluster's own). */
export type ListedOpportunity = OpportunityRow & { posterSlug: string | null; posterName: string | null }

const listed = { ...opportunityColumns, posterSlug: actors.slug, posterName: actors.name }

/** Opportunities with their poster, in the order of the ids given. */
export async function selectOpportunitiesByIds(db: Db, ids: number[]): Promise<ListedOpportunity[]> {
  if (!ids.length) return []
  const found = await db
    .select(listed)
    .from(opportunities)
    .leftJoin(actors, eq(actors.id, opportunities.actorId))
    .where(inArray(opportunities.id, ids))
  const byId = new Map(found.map((r) => [Number(r.id), r]))
  return ids.map((id) => byId.get(id)).filter((r): r is ListedOpportunity => !!r)
}

export async function selectOpportunityBySlug(db: Db, slug: string): Promise<ListedOpportunity | undefined> {
  const [found] = await db
    .select(listed)
    .from(opportunities)
    .leftJoin(actors, eq(actors.id, opportunities.actorId))
    .where(eq(opportunities.slug, slug))
  return found
}

/** Every opportunity of these organisations, and those posted on behalf of these clusters, in any state. */
export function selectOpportunitiesOfPosters(db: Db, actorIds: number[], clusterIds: string[]) {
  const mine: SQL[] = []
  if (actorIds.length) mine.push(inArray(opportunities.actorId, actorIds))
  if (clusterIds.length)
    mine.push(and(eq(opportunities.onBehalfOfCluster, true), inArray(opportunities.clusterId, clusterIds))!)
  if (!mine.length) return Promise.resolve([] as ListedOpportunity[])
  return db
    .select(listed)
    .from(opportunities)
    .leftJoin(actors, eq(actors.id, opportunities.actorId))
    .where(or(...mine))
    .orderBy(desc(opportunities.updatedAt), desc(opportunities.id))
    .limit(200)
}

export const selectPublishedOfActor = (db: Db, actorId: number, limit: number) =>
  db
    .select(opportunityColumns)
    .from(opportunities)
    .where(and(eq(opportunities.actorId, actorId), eq(opportunities.status, 'published')))
    .orderBy(desc(opportunities.pinned), desc(opportunities.publishedAt), desc(opportunities.id))
    .limit(limit)

export async function insertOpportunity(db: Db, values: NewOpportunityRow): Promise<OpportunityRow> {
  const [row] = await db.insert(opportunities).values(values).returning(opportunityColumns)
  return row
}

export async function insertOpportunities(db: Db, values: NewOpportunityRow[]): Promise<number[]> {
  if (!values.length) return []
  const inserted = await db.insert(opportunities).values(values).returning({ id: opportunities.id })
  return inserted.map((r) => Number(r.id))
}

export async function updateOpportunityRow(
  db: Db,
  id: number,
  values: Partial<NewOpportunityRow>,
): Promise<OpportunityRow> {
  const [row] = await db
    .update(opportunities)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(opportunities.id, id))
    .returning(opportunityColumns)
  return row
}

export interface RecommendableRow {
  id: number
  slug: string
  type: OpportunityType
  cluster_id: string
  actor_id: number | null
  poster_name: string | null
  title: Localized
  original_language: string
  sectors: string[]
  deadline: string | null
  published_at: Date
  /** Of the opportunity's needs, those the organisation offers; of its offers, those it needs. */
  needs_offered: string[]
  offers_needed: string[]
}

/**
 * Published, open opportunities an organisation can answer that ask for what it offers or offer what it needs:
 * not its own, not one it answered already, within their reach (a city's own ones stay in the city).
 */
export function selectRecommendable(
  db: Db,
  query: {
    actorId: number
    clusterId: string
    offers: string[]
    needs: string[]
    excluded: number[]
    limit: number
  },
) {
  const offers = sql`${sql.param(query.offers)}::text[]`
  const needs = sql`${sql.param(query.needs)}::text[]`
  return rows<RecommendableRow>(
    db,
    sql`SELECT o.id::int AS id, o.slug, o.type, o.cluster_id, o.actor_id::int AS actor_id, a.name AS poster_name,
          o.title, o.original_language, o.sectors, o.deadline::text AS deadline, o.published_at,
          ARRAY(SELECT unnest(o.match_needs) INTERSECT SELECT unnest(${offers})) AS needs_offered,
          ARRAY(SELECT unnest(o.match_offers) INTERSECT SELECT unnest(${needs})) AS offers_needed
        FROM opportunities o LEFT JOIN actors a ON a.id = o.actor_id
        WHERE o.status = 'published' AND (o.deadline IS NULL OR o.deadline >= current_date)
          AND (o.match_needs && ${offers} OR o.match_offers && ${needs})
          AND o.actor_id IS DISTINCT FROM ${query.actorId}
          AND (o.reach <> 'city' OR o.cluster_id = ${query.clusterId})
          AND o.id <> ALL(${sql.param(query.excluded)}::bigint[])
          AND NOT EXISTS (SELECT 1 FROM interests i WHERE i.opportunity_id = o.id AND i.actor_id = ${query.actorId})
        ORDER BY o.published_at DESC, o.id DESC
        LIMIT ${query.limit}`,
  )
}

export async function deleteOpportunityRow(db: Db, id: number) {
  await db.delete(opportunities).where(eq(opportunities.id, id))
}

/** Locks the opportunity's row for a change that reads its state first (two decisions at once). */
export async function lockOpportunity(db: Db, id: number): Promise<OpportunityStatus | undefined> {
  const [row] = await rows<{ status: OpportunityStatus }>(
    db,
    sql`SELECT status FROM opportunities WHERE id = ${id} FOR UPDATE`,
  )
  return row?.status
}

/** Published opportunities whose deadline has passed become expired; running it again changes nothing. */
export async function expirePastDeadline(
  db: Db,
): Promise<{ id: number; slug: string; cluster_id: string }[]> {
  return rows(
    db,
    sql`UPDATE opportunities SET status = 'expired', updated_at = now()
        WHERE status = 'published' AND deadline < current_date
        RETURNING id, slug, cluster_id`,
  )
}

export const selectOpportunitiesCreatedBy = (db: Db, userId: string) =>
  db
    .select({
      slug: opportunities.slug,
      type: opportunities.type,
      status: opportunities.status,
      title: opportunities.title,
      description: opportunities.description,
      createdAt: opportunities.createdAt,
    })
    .from(opportunities)
    .where(eq(opportunities.createdBy, userId))
    .orderBy(opportunities.id)

// ---- interests -----------------------------------------------------------------------------

export type ListedInterest = InterestRow & { actorSlug: string; actorName: string; actorClusterId: string }

const listedInterest = {
  ...getTableColumns(interests),
  actorSlug: actors.slug,
  actorName: actors.name,
  actorClusterId: actors.clusterId,
}

export const selectInterestsOf = (db: Db, opportunityId: number): Promise<ListedInterest[]> =>
  db
    .select(listedInterest)
    .from(interests)
    .innerJoin(actors, eq(actors.id, interests.actorId))
    .where(eq(interests.opportunityId, opportunityId))
    .orderBy(interests.createdAt, interests.id)

export async function selectInterest(db: Db, id: number): Promise<ListedInterest | undefined> {
  const [found] = await db
    .select(listedInterest)
    .from(interests)
    .innerJoin(actors, eq(actors.id, interests.actorId))
    .where(eq(interests.id, id))
  return found
}

/** The interests these organisations expressed in one opportunity. */
export const selectInterestsOfActors = (db: Db, opportunityId: number, actorIds: number[]) =>
  actorIds.length
    ? db
        .select(listedInterest)
        .from(interests)
        .innerJoin(actors, eq(actors.id, interests.actorId))
        .where(and(eq(interests.opportunityId, opportunityId), inArray(interests.actorId, actorIds)))
    : Promise.resolve([] as ListedInterest[])

/** Inserts an interest unless the organisation expressed one already; returns undefined then. */
export async function insertInterest(
  db: Db,
  values: typeof interests.$inferInsert,
): Promise<InterestRow | undefined> {
  const [row] = await db.insert(interests).values(values).onConflictDoNothing().returning()
  return row
}

export async function updateInterestDecision(
  db: Db,
  id: number,
  values: { status: InterestStatus; conversationId?: number | null },
) {
  await db
    .update(interests)
    .set({ ...values, decidedAt: new Date() })
    .where(eq(interests.id, id))
}

export const countInterests = async (db: Db, opportunityIds: number[]) => {
  if (!opportunityIds.length) return new Map<number, number>()
  const found = await db
    .select({ id: interests.opportunityId, n: sql<number>`count(*)::int` })
    .from(interests)
    .where(inArray(interests.opportunityId, opportunityIds))
    .groupBy(interests.opportunityId)
  return new Map(found.map((r) => [Number(r.id), Number(r.n)]))
}

export const selectInterestsCreatedBy = (db: Db, userId: string) =>
  db
    .select({
      opportunity: opportunities.slug,
      organisation: actors.slug,
      message: interests.message,
      status: interests.status,
      createdAt: interests.createdAt,
    })
    .from(interests)
    .innerJoin(opportunities, eq(opportunities.id, interests.opportunityId))
    .innerJoin(actors, eq(actors.id, interests.actorId))
    .where(eq(interests.createdBy, userId))
    .orderBy(interests.id)

export async function insertDemoInterests(db: Db, values: (typeof interests.$inferInsert)[]) {
  if (!values.length) return []
  return db.insert(interests).values(values).returning()
}
