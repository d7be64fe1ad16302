import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import type { Localized } from '../../core/i18n'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'
import { clusters, districts } from '../network/schema'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const spaceTypes = [
  'studio',
  'workshop',
  'shop_front',
  'office',
  'hall',
  'whole_building',
  'flat',
] as const
export type SpaceType = (typeof spaceTypes)[number]

/** On what terms a space is offered: meanwhile use (free for costs, guardian, temporary lease) or a lease. */
export const spaceTerms = ['free_for_costs', 'guardian', 'temporary_lease', 'long_lease'] as const
export type SpaceTerms = (typeof spaceTerms)[number]

export const spaceConditions = ['ready', 'needs_repair', 'shell'] as const
export type SpaceCondition = (typeof spaceConditions)[number]

export const spaceStatuses = ['available', 'under_application', 'let', 'ended', 'withdrawn'] as const
export type SpaceStatus = (typeof spaceStatuses)[number]

/** A vacant space offered by its owner organisation (the city, a housing company, a private owner, an agency). */
export const spaces = pgTable(
  'spaces',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    ownerActorId: bigint('owner_actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id),
    districtId: text('district_id').references(() => districts.id),
    title: jsonb('title').$type<Localized>().notNull(),
    description: jsonb('description').$type<Localized>().notNull(),
    originalLanguage: text('original_language').notNull(),
    address: text('address').notNull(),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    type: text('type').$type<SpaceType>().notNull(),
    floorArea: integer('floor_area').notNull(),
    condition: text('condition').$type<SpaceCondition>().notNull(),
    facilities: text('facilities').array().notNull().default([]),
    terms: text('terms').$type<SpaceTerms>().notNull(),
    /** Rent per month in euros; null or 0 for meanwhile use free of rent. */
    rentPerMonth: integer('rent_per_month'),
    availableFrom: date('available_from').notNull(),
    availableTo: date('available_to'),
    accessibility: jsonb('accessibility').$type<Localized>(),
    status: text('status').$type<SpaceStatus>().notNull().default('available'),
    /** The tenant while the space is let. */
    tenantActorId: bigint('tenant_actor_id', { mode: 'number' }).references(() => actors.id, {
      onDelete: 'set null',
    }),
    demo: boolean('demo').notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Words of the title, the description and the address in every language, accents folded. */
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('simple', ccn_unaccent(ccn_jsonb_text(title))), 'A') || setweight(to_tsvector('simple', ccn_unaccent(address)), 'A') || setweight(to_tsvector('simple', ccn_unaccent(ccn_jsonb_text(description))), 'B')`,
      ),
  },
  (t) => [
    index('spaces_search_idx').using('gin', t.search),
    index('spaces_cluster_idx').on(t.clusterId, t.status),
    index('spaces_district_idx').on(t.districtId, t.status),
    index('spaces_owner_idx').on(t.ownerActorId),
    // Every profile page lists the spaces its organisation rents.
    index('spaces_tenant_idx').on(t.tenantActorId).where(sql`${t.tenantActorId} IS NOT NULL`),
    // spaces_location_idx, on (lon, lat) with what a map's box reads, is in the migration: drizzle cannot
    // declare INCLUDE columns.
  ],
)

/** A space's photos, in order (re-encoded images under DATA_DIR/uploads, random names). */
export const spacePhotos = pgTable(
  'space_photos',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    spaceId: bigint('space_id', { mode: 'number' })
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    storageKey: text('storage_key').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('space_photos_space_idx').on(t.spaceId, t.position)],
)

/** Every change of a space's status, dated: the district's indicators are computed from it. */
export const spaceEvents = pgTable(
  'space_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    spaceId: bigint('space_id', { mode: 'number' })
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    status: text('status').$type<SpaceStatus>().notNull(),
    /** The tenant when the space is let. */
    actorId: bigint('actor_id', { mode: 'number' }).references(() => actors.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('space_events_space_idx').on(t.spaceId, t.at)],
)

export const vacancyReportStatuses = ['open', 'verified', 'rejected'] as const
export type VacancyReportStatus = (typeof vacancyReportStatuses)[number]

/** A vacant building a member has seen; the cluster manager verifies it before it becomes an offer. */
export const vacancyReports = pgTable(
  'vacancy_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id),
    districtId: text('district_id').references(() => districts.id),
    address: text('address').notNull(),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    photoKey: text('photo_key'),
    note: text('note').notNull(),
    reportedBy: text('reported_by').references(() => users.id, { onDelete: 'set null' }),
    status: text('status').$type<VacancyReportStatus>().notNull().default('open'),
    /** The space offered from it, once verified. */
    spaceId: bigint('space_id', { mode: 'number' }).references(() => spaces.id, { onDelete: 'set null' }),
    decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('vacancy_reports_cluster_idx').on(t.clusterId, t.status)],
)

export const applicationStatuses = ['pending', 'shortlisted', 'chosen', 'declined', 'withdrawn'] as const
export type SpaceApplicationStatus = (typeof applicationStatuses)[number]

/** A creative organisation's application for a space, with its proposal of use. */
export const spaceApplications = pgTable(
  'space_applications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    spaceId: bigint('space_id', { mode: 'number' })
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    actorId: bigint('actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    proposal: text('proposal').notNull(),
    people: integer('people').notNull(),
    hours: text('hours').notNull(),
    contribution: text('contribution').notNull(),
    status: text('status').$type<SpaceApplicationStatus>().notNull().default('pending'),
    /** The conversation the owner opened to ask questions (messages module). */
    conversationId: bigint('conversation_id', { mode: 'number' }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('space_applications_space_actor_idx').on(t.spaceId, t.actorId),
    index('space_applications_actor_idx').on(t.actorId),
  ],
)
