import { and, eq, inArray, type SQL, sql } from 'drizzle-orm'
import { type Db, rows } from '../../core/db/client'
import {
  type AnswerStatus,
  type IntroductionStatus,
  introductions,
  type MatchTarget,
  matchAnnounced,
  matchDismissals,
  matchProfiles,
  matchSettings,
} from './schema'

export type MatchProfileRow = typeof matchProfiles.$inferSelect
export type IntroductionRow = typeof introductions.$inferSelect

const textArray = (values: string[]) => sql`${sql.param(values)}::text[]`
const idArray = (values: number[]) => sql`${sql.param(values)}::bigint[]`

export async function upsertMatchProfiles(db: Db, values: MatchProfileRow[]) {
  if (!values.length) return
  await db
    .insert(matchProfiles)
    .values(values)
    .onConflictDoUpdate({
      target: matchProfiles.actorId,
      set: {
        clusterId: sql`excluded.cluster_id`,
        sectors: sql`excluded.sectors`,
        offers: sql`excluded.offers`,
        needs: sql`excluded.needs`,
        textOffers: sql`excluded.text_offers`,
        textNeeds: sql`excluded.text_needs`,
        needsVisibility: sql`excluded.needs_visibility`,
        languages: sql`excluded.languages`,
        sizeRank: sql`excluded.size_rank`,
        activeAt: sql`excluded.active_at`,
      },
    })
}

export const selectMatchProfile = async (db: Db, actorId: number) =>
  (await db.select().from(matchProfiles).where(eq(matchProfiles.actorId, actorId)))[0]

/** Actors that have no match profile yet (a database from before matching, or rows written around it). */
export const selectActorsWithoutProfile = async (db: Db, limit: number) =>
  (
    await rows<{ id: number }>(
      db,
      sql`SELECT a.id::int AS id FROM actors a
          WHERE NOT EXISTS (SELECT 1 FROM match_profiles p WHERE p.actor_id = a.id) ORDER BY a.id LIMIT ${limit}`,
    )
  ).map((r) => r.id)

/** The points of each signal (see `partnerWeights` in the service), as parameters of the ranking. */
export interface PartnerWeights {
  offersNeeded: number
  needsOffered: number
  sector: number
  language: number
  size: number
  active: number
  partnerOfPartner: number
  crossBorder: number
  likeDismissed: number
  likeDismissedFloor: number
  counted: number
}

export interface PartnerQuery {
  actorId: number
  /** The cities of the organisation's own country: a candidate elsewhere is across the border. */
  homeCities: string[]
  sectors: string[]
  offers: string[]
  needs: string[]
  languages: string[]
  sizeRank: number
  /** Which needs visibilities the asking organisation may see. */
  levels: string[]
  partnersOfPartners: number[]
  /** The sectors of what it set aside, once per dismissal. */
  dismissedSectors: string[]
  excluded: number[]
  weights: PartnerWeights
  limit: number
}

export interface PartnerCandidateRow {
  id: number
  cluster_id: string
  score: number
  offers: string[]
  /** Empty when the asking organisation may not see them. */
  needs: string[]
  sectors: string[]
  languages: string[]
  /** The capabilities only its descriptions name (the reasons say so). */
  text_offers: string[]
  size_near: boolean
  active: boolean
  partner_of_partner: boolean
  cross_border: boolean
}

/** How many of `values` an array column holds: one containment test per value, cheap on small arrays. */
const countOf = (column: SQL, values: string[]) =>
  values.length
    ? sql.join(
        values.map((v) => sql`(${column} @> ARRAY[${v}]::text[])::int`),
        sql` + `,
      )
    : sql`0`

/** Every pair of the values (for "holds at least two of them"). */
const pairsOf = (values: string[]) => values.flatMap((a, i) => values.slice(i + 1).map((b) => [a, b]))

/** Beyond this many pairs the strong tier is not worth its statement: the full ranking runs at once. */
export const maxPairs = 45

/**
 * Which candidates a ranking reads. `strong`: those that meet the organisation at least twice — offer two of
 * its needs, need two of its offers, or one of each — and the partners of its partners; each is an
 * intersection of GIN posting lists, a few hundred rows where all candidates are tens of thousands. `all`:
 * everyone who offers one of its needs or needs one of its offers.
 */
export type CandidateTier = 'strong' | 'all'

/**
 * The best partners for an organisation, ranked in the database: candidates found through the GIN indexes of
 * the narrow match_profiles table, scored by the weighted signals (the same sum `explainPartner` writes as
 * reasons), the top `limit` with the arrays the reasons are read from.
 */
export function selectPartnerCandidates(db: Db, q: PartnerQuery, tier: CandidateTier) {
  const w = q.weights
  const needs = textArray(q.needs)
  const offers = textArray(q.offers)
  const needsVisible = sql`p.needs_visibility = ANY(${textArray(q.levels)})`
  const all = sql`(p.offers && ${needs} OR (p.needs && ${offers} AND ${needsVisible}))`
  const strong = sql.join(
    [
      sql`(p.offers && ${needs} AND p.needs && ${offers} AND ${needsVisible})`,
      ...pairsOf(q.needs).map((pair) => sql`p.offers @> ${textArray(pair)}`),
      ...pairsOf(q.offers).map((pair) => sql`(p.needs @> ${textArray(pair)} AND ${needsVisible})`),
      sql`(p.actor_id = ANY(${idArray(q.partnersOfPartners)}) AND ${all})`,
    ],
    sql` OR `,
  )
  const dismissedCounts = new Map<string, number>()
  for (const s of q.dismissedSectors) dismissedCounts.set(s, (dismissedCounts.get(s) ?? 0) + 1)
  const likeDismissed = dismissedCounts.size
    ? sql.join(
        [...dismissedCounts].map(([s, n]) => sql`${n}::int * (p.sectors @> ARRAY[${s}]::text[])::int`),
        sql` + `,
      )
    : sql`0`
  return rows<PartnerCandidateRow>(
    db,
    sql`SELECT p.actor_id::int AS id, p.cluster_id, p.offers,
          CASE WHEN ${needsVisible} THEN p.needs ELSE '{}'::text[] END AS needs,
          p.sectors, p.languages, p.text_offers,
          abs(p.size_rank - ${q.sizeRank}) <= 1 AS size_near,
          p.active_at > now() - interval '30 days' AS active,
          p.actor_id = ANY(${idArray(q.partnersOfPartners)}) AS partner_of_partner,
          p.cluster_id <> ALL(${textArray(q.homeCities)}) AS cross_border,
          round((
              ${w.offersNeeded}::float8 * least(${countOf(sql`p.offers`, q.needs)}, ${w.counted})
            + CASE WHEN ${needsVisible}
                THEN ${w.needsOffered}::float8 * least(${countOf(sql`p.needs`, q.offers)}, ${w.counted}) ELSE 0 END
            + CASE WHEN p.sectors && ${textArray(q.sectors)} THEN ${w.sector}::float8 ELSE 0 END
            + CASE WHEN p.languages && ${textArray(q.languages)} THEN ${w.language}::float8 ELSE 0 END
            + CASE WHEN abs(p.size_rank - ${q.sizeRank}) <= 1 THEN ${w.size}::float8 ELSE 0 END
            + CASE WHEN p.active_at > now() - interval '30 days' THEN ${w.active}::float8 ELSE 0 END
            + CASE WHEN p.actor_id = ANY(${idArray(q.partnersOfPartners)}) THEN ${w.partnerOfPartner}::float8 ELSE 0 END
            + CASE WHEN p.cluster_id <> ALL(${textArray(q.homeCities)}) THEN ${w.crossBorder}::float8 ELSE 0 END
            + greatest(${w.likeDismissed}::float8 * (${likeDismissed}), ${w.likeDismissedFloor}::float8)
          )::numeric, 2)::float8 AS score
        FROM match_profiles p
        WHERE (${tier === 'strong' ? strong : all})
          AND p.actor_id <> ALL(${idArray([q.actorId, ...q.excluded])})
        ORDER BY score DESC, p.actor_id
        LIMIT ${q.limit}`,
  )
}

export const selectDismissals = (db: Db, actorId: number) =>
  db.select().from(matchDismissals).where(eq(matchDismissals.actorId, actorId))

export async function insertDismissal(db: Db, values: typeof matchDismissals.$inferInsert) {
  await db.insert(matchDismissals).values(values).onConflictDoNothing()
}

export const selectSettings = async (db: Db) => (await db.select().from(matchSettings))[0]

export async function upsertSettings(db: Db, crossBorderWeight: number, userId: string) {
  await db
    .insert(matchSettings)
    .values({ id: 1, crossBorderWeight, updatedBy: userId })
    .onConflictDoUpdate({
      target: matchSettings.id,
      set: { crossBorderWeight, updatedBy: userId, updatedAt: new Date() },
    })
}

// ---- introductions --------------------------------------------------------------------------

export async function insertIntroduction(db: Db, values: typeof introductions.$inferInsert) {
  const [row] = await db.insert(introductions).values(values).onConflictDoNothing().returning()
  return row as IntroductionRow | undefined
}

export const selectIntroduction = async (db: Db, id: number) =>
  (await db.select().from(introductions).where(eq(introductions.id, id)))[0]

export async function lockIntroduction(db: Db, id: number) {
  const [row] = await rows<{ id: number }>(db, sql`SELECT id FROM introductions WHERE id = ${id} FOR UPDATE`)
  return row ? selectIntroduction(db, id) : undefined
}

export async function updateIntroduction(
  db: Db,
  id: number,
  values: Partial<{
    fromAnswer: AnswerStatus
    toAnswer: AnswerStatus
    status: IntroductionStatus
    conversationId: number
    decidedAt: Date
  }>,
) {
  const [row] = await db.update(introductions).set(values).where(eq(introductions.id, id)).returning()
  return row
}

/** The introductions an actor is part of, newest first. */
export const selectIntroductionsOf = (db: Db, actorId: number, limit = 50) =>
  rows<IntroductionRow & { from_slug: string; from_name: string; to_slug: string; to_name: string }>(
    db,
    sql`SELECT i.id::int AS id, i.from_actor_id::int AS "fromActorId", i.to_actor_id::int AS "toActorId",
          i.by_cluster_id AS "byClusterId", i.note, i.from_answer AS "fromAnswer", i.to_answer AS "toAnswer",
          i.status, i.conversation_id::int AS "conversationId", i.created_by AS "createdBy",
          i.created_at AS "createdAt", i.decided_at AS "decidedAt",
          f.slug AS from_slug, f.name AS from_name, t.slug AS to_slug, t.name AS to_name
        FROM introductions i JOIN actors f ON f.id = i.from_actor_id JOIN actors t ON t.id = i.to_actor_id
        WHERE i.from_actor_id = ${actorId} OR i.to_actor_id = ${actorId}
        ORDER BY i.created_at DESC, i.id DESC LIMIT ${limit}`,
  )

export const selectIntroductionsCreatedBy = (db: Db, userId: string) =>
  db.select().from(introductions).where(eq(introductions.createdBy, userId))

/** Actors an organisation has a pending or accepted introduction with. */
export const selectIntroducedIds = async (db: Db, actorId: number) =>
  (
    await rows<{ id: number }>(
      db,
      sql`SELECT CASE WHEN from_actor_id = ${actorId} THEN to_actor_id ELSE from_actor_id END::int AS id
          FROM introductions WHERE (from_actor_id = ${actorId} OR to_actor_id = ${actorId})
            AND status IN ('pending', 'accepted')`,
    )
  ).map((r) => r.id)

// ---- announcements (the weekly digest) --------------------------------------------------------

export async function selectAnnounced(db: Db, actorId: number, target: MatchTarget, ids: number[]) {
  if (!ids.length) return new Set<number>()
  const found = await db
    .select({ id: matchAnnounced.targetId })
    .from(matchAnnounced)
    .where(
      and(
        eq(matchAnnounced.actorId, actorId),
        eq(matchAnnounced.target, target),
        inArray(matchAnnounced.targetId, ids),
      ),
    )
  return new Set(found.map((r) => Number(r.id)))
}

export async function insertAnnounced(db: Db, values: (typeof matchAnnounced.$inferInsert)[]) {
  if (values.length) await db.insert(matchAnnounced).values(values).onConflictDoNothing()
}
