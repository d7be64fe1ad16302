import { sql } from 'drizzle-orm'
import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'

/**
 * What matching knows of an actor, kept beside its profile whenever the profile is written: the capabilities
 * it offers and needs — those it picked and those its descriptions name in any language — in one narrow row,
 * so ranking partners reads few pages and a change recomputes one row, never everything.
 */
export const matchProfiles = pgTable(
  'match_profiles',
  {
    actorId: bigint('actor_id', { mode: 'number' })
      .primaryKey()
      .references(() => actors.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id').notNull(),
    sectors: text('sectors').array().notNull(),
    /** Picked offers and the capabilities the descriptions name without asking for them. */
    offers: text('offers').array().notNull(),
    /** Picked needs and the capabilities the descriptions ask for. */
    needs: text('needs').array().notNull(),
    /** Of those, the ones only the descriptions name (the reasons say so). */
    textOffers: text('text_offers').array().notNull(),
    textNeeds: text('text_needs').array().notNull(),
    /** Who may see the needs (the profile's visibility of the field); hidden needs are not matched on. */
    needsVisibility: text('needs_visibility').notNull(),
    languages: text('languages').array().notNull(),
    /** The size band's place in solo, micro, small, medium, large. */
    sizeRank: integer('size_rank').notNull(),
    activeAt: timestamp('active_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('match_profiles_offers_idx').using('gin', t.offers),
    index('match_profiles_needs_idx').using('gin', t.needs),
  ],
)

export const matchTargets = ['actor', 'opportunity'] as const
export type MatchTarget = (typeof matchTargets)[number]

/** "Not interested": the recommendation is not shown again to that organisation, and ranks its like lower. */
export const matchDismissals = pgTable(
  'match_dismissals',
  {
    actorId: bigint('actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    target: text('target').$type<MatchTarget>().notNull(),
    targetId: bigint('target_id', { mode: 'number' }).notNull(),
    /** The target's sectors when it was set aside: what teaches the ranking. */
    sectors: text('sectors').array().notNull(),
    dismissedBy: text('dismissed_by').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.target, t.targetId] })],
)

/** Recommendations already announced in a digest, so the next one tells only what is new. */
export const matchAnnounced = pgTable(
  'match_announced',
  {
    actorId: bigint('actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    target: text('target').$type<MatchTarget>().notNull(),
    targetId: bigint('target_id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.target, t.targetId] })],
)

export const introductionStatuses = ['pending', 'accepted', 'declined', 'withdrawn'] as const
export type IntroductionStatus = (typeof introductionStatuses)[number]
export const answerStatuses = ['pending', 'accepted', 'declined'] as const
export type AnswerStatus = (typeof answerStatuses)[number]

/**
 * A double opt-in introduction between two organisations: asked for by one of them (its side is accepted by
 * asking) or made by a cluster manager (both sides asked). When both have accepted, a conversation opens.
 */
export const introductions = pgTable(
  'introductions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    fromActorId: bigint('from_actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    toActorId: bigint('to_actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    /** The city whose cluster manager made the introduction; null when one side asked for it. */
    byClusterId: text('by_cluster_id'),
    note: text('note').notNull(),
    fromAnswer: text('from_answer').$type<AnswerStatus>().notNull(),
    toAnswer: text('to_answer').$type<AnswerStatus>().notNull().default('pending'),
    status: text('status').$type<IntroductionStatus>().notNull().default('pending'),
    conversationId: bigint('conversation_id', { mode: 'number' }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    // One open introduction per pair, whichever side it started from.
    uniqueIndex('introductions_open_pair_idx')
      .on(sql`least(${t.fromActorId}, ${t.toActorId})`, sql`greatest(${t.fromActorId}, ${t.toActorId})`)
      .where(sql`${t.status} = 'pending'`),
    index('introductions_to_idx').on(t.toActorId, t.status),
    index('introductions_from_idx').on(t.fromActorId, t.status),
  ],
)

/** The network admin's tuning of the ranking: one row. */
export const matchSettings = pgTable('match_settings', {
  id: integer('id').primaryKey().default(1),
  /** Points a partner or opportunity in another city gets; 0 treats all cities alike. */
  crossBorderWeight: real('cross_border_weight').notNull().default(1),
  updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
