import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import type { Localized } from '../../core/i18n'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'
import { clusters } from '../network/schema'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const opportunityTypes = [
  'collaboration_offer',
  'collaboration_request',
  'job',
  'internship',
  'workspace',
  'call',
] as const
export type OpportunityType = (typeof opportunityTypes)[number]

export const opportunityStatuses = ['draft', 'published', 'closed', 'expired'] as const
export type OpportunityStatus = (typeof opportunityStatuses)[number]

/** Where an opportunity is open: its city, the whole network, or remote work from anywhere. */
export const opportunityReaches = ['city', 'network', 'remote'] as const
export type OpportunityReach = (typeof opportunityReaches)[number]

/** The fields only some types have (a job's contract and salary, a call's budget, a workspace's size and price). */
export interface OpportunityDetails {
  contractType?: 'permanent' | 'fixed_term' | 'freelance' | 'part_time'
  hoursPerWeek?: number
  salaryMin?: number
  salaryMax?: number
  currency?: string
  remote?: boolean
  budget?: number
  eligibility?: Localized
  sizeM2?: number
  pricePerMonth?: number
  address?: string
}

export const opportunities = pgTable(
  'opportunities',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    type: text('type').$type<OpportunityType>().notNull(),
    status: text('status').$type<OpportunityStatus>().notNull().default('draft'),
    /** The organisation that posts it; null when a cluster manager posts on behalf of the cluster. */
    actorId: bigint('actor_id', { mode: 'number' }).references(() => actors.id, { onDelete: 'cascade' }),
    /** The city it belongs to (the poster's, or the cluster's when posted on its behalf). */
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id),
    onBehalfOfCluster: boolean('on_behalf_of_cluster').notNull().default(false),
    reach: text('reach').$type<OpportunityReach>().notNull().default('city'),
    title: jsonb('title').$type<Localized>().notNull(),
    description: jsonb('description').$type<Localized>().notNull(),
    originalLanguage: text('original_language').notNull(),
    sectors: text('sectors').array().notNull(),
    /** Capabilities the poster offers (an offer) or needs (a request, a job). */
    offers: text('offers').array().notNull(),
    needs: text('needs').array().notNull(),
    /**
     * What matching reads: the picked offers and needs plus the capabilities the title and description name,
     * as asked for (a request, a job) or offered (an offer, a workspace, a call). Written with the text.
     */
    matchOffers: text('match_offers').array().notNull().default(sql`'{}'`),
    matchNeeds: text('match_needs').array().notNull().default(sql`'{}'`),
    details: jsonb('details').$type<OpportunityDetails>().notNull().default({}),
    deadline: date('deadline'),
    contactEmail: text('contact_email'),
    pinned: boolean('pinned').notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    demo: boolean('demo').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('simple', ccn_unaccent(ccn_jsonb_text(title))), 'A') || setweight(to_tsvector('simple', ccn_unaccent(ccn_jsonb_text(description))), 'B')`,
      ),
  },
  (t) => [
    index('opportunities_search_idx').using('gin', t.search),
    index('opportunities_status_idx').on(t.status, t.publishedAt),
    index('opportunities_cluster_idx').on(t.clusterId, t.status),
    index('opportunities_actor_idx').on(t.actorId),
    index('opportunities_sectors_idx').using('gin', t.sectors),
    index('opportunities_offers_idx').using('gin', t.offers),
    index('opportunities_needs_idx').using('gin', t.needs),
    index('opportunities_match_offers_idx').using('gin', t.matchOffers),
    index('opportunities_match_needs_idx').using('gin', t.matchNeeds),
    index('opportunities_deadline_idx').on(t.deadline),
  ],
)

export const interestStatuses = ['pending', 'shortlisted', 'accepted', 'declined'] as const
export type InterestStatus = (typeof interestStatuses)[number]

/** An organisation's expression of interest in an opportunity, and the poster's answer. */
export const interests = pgTable(
  'interests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    opportunityId: bigint('opportunity_id', { mode: 'number' })
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    actorId: bigint('actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    message: text('message').notNull(),
    status: text('status').$type<InterestStatus>().notNull().default('pending'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** The conversation acceptance opened (messages module). */
    conversationId: bigint('conversation_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('interests_opportunity_actor_idx').on(t.opportunityId, t.actorId),
    index('interests_actor_idx').on(t.actorId),
  ],
)
