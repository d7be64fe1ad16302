import { and, eq, inArray, sql } from 'drizzle-orm'
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
  /** The capabilities only its descriptions name (the reasons say so). */
  text_offers: string[]
  score: number
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

/**
 * The best partners for an organisation, ranked in the database: every actor that offers something it needs
 * or needs (visibly) something it offers is a candidate, found through the GIN indexes of the narrow
 * match_profiles table, and scored by the weighted signals.
 */
export function selectPartnerCandidates(db: Db, q: PartnerQuery) {
  const w = q.weights
  const needs = textArray(q.needs)
  const offers = textArray(q.offers)
  const levels = textArray(q.levels)
  return rows<PartnerCandidateRow>(
    db,
    sql`SELECT c.*, round((
            ${w.offersNeeded}::float8 * least(cardinality(c.offers_needed), ${w.counted})
          + ${w.needsOffered}::float8 * least(cardinality(c.needs_offered), ${w.counted})
          + CASE WHEN cardinality(c.shared_sectors) > 0 THEN ${w.sector}::float8 ELSE 0 END
          + CASE WHEN cardinality(c.shared_languages) > 0 THEN ${w.language}::float8 ELSE 0 END
          + CASE WHEN c.size_near THEN ${w.size}::float8 ELSE 0 END
          + CASE WHEN c.active THEN ${w.active}::float8 ELSE 0 END
          + CASE WHEN c.partner_of_partner THEN ${w.partnerOfPartner}::float8 ELSE 0 END
          + CASE WHEN c.cross_border THEN ${w.crossBorder}::float8 ELSE 0 END
          + greatest(${w.likeDismissed}::float8 * c.like_dismissed, ${w.likeDismissedFloor}::float8)
        )::numeric, 2)::float8 AS score
        FROM (
          SELECT p.actor_id::int AS id, p.cluster_id, p.text_offers,
            ARRAY(SELECT unnest(p.offers) INTERSECT SELECT unnest(${needs})) AS offers_needed,
            CASE WHEN p.needs_visibility = ANY(${levels})
              THEN ARRAY(SELECT unnest(p.needs) INTERSECT SELECT unnest(${offers})) ELSE '{}'::text[] END AS needs_offered,
            ARRAY(SELECT unnest(p.sectors) INTERSECT SELECT unnest(${textArray(q.sectors)})) AS shared_sectors,
            ARRAY(SELECT unnest(p.languages) INTERSECT SELECT unnest(${textArray(q.languages)})) AS shared_languages,
            abs(p.size_rank - ${q.sizeRank}) <= 1 AS size_near,
            p.active_at > now() - interval '30 days' AS active,
            p.actor_id = ANY(${idArray(q.partnersOfPartners)}) AS partner_of_partner,
            p.cluster_id <> ALL(${textArray(q.homeCities)}) AS cross_border,
            (SELECT count(*) FROM unnest(${textArray(q.dismissedSectors)}) d WHERE d = ANY(p.sectors))::int AS like_dismissed
          FROM match_profiles p
          WHERE (p.offers && ${needs} OR (p.needs && ${offers} AND p.needs_visibility = ANY(${levels})))
            AND p.actor_id <> ALL(${idArray([q.actorId, ...q.excluded])})
        ) c
        ORDER BY score DESC, c.id
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
