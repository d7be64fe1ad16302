import { bigint, boolean, date, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import type { Localized } from '../../core/i18n'
import { users } from '../accounts/schema'
import { districts } from '../network/schema'

export const districtStatuses = ['vacant', 'in_transition', 'renewed'] as const
export type DistrictStatus = (typeof districtStatuses)[number]

export const datePrecisions = ['day', 'month', 'year'] as const
export type DatePrecision = (typeof datePrecisions)[number]

/** A GeoJSON geometry of a district's boundary (RFC 7946: longitude first). */
export type DistrictBoundary =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }

/**
 * Where a district stands in its renewal and where its boundary runs; one row per district of the
 * network module (a district without a row is 'vacant' with only its point).
 */
export const districtRenewal = pgTable('district_renewal', {
  districtId: text('district_id')
    .primaryKey()
    .references(() => districts.id, { onDelete: 'cascade' }),
  status: text('status').$type<DistrictStatus>().notNull().default('vacant'),
  boundary: jsonb('boundary').$type<DistrictBoundary>(),
  /** The description per language as the cluster manager wrote it, over the network module's seeded text. */
  description: jsonb('description').$type<Localized>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
})

/** A dated entry of a district's story: text per language, an optional image and its source. */
export const districtMilestones = pgTable(
  'district_milestones',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    districtId: text('district_id')
      .notNull()
      .references(() => districts.id, { onDelete: 'cascade' }),
    happenedOn: date('happened_on').notNull(),
    /** How much of the date is known: a year of the reference data is not a day. */
    datePrecision: text('date_precision').$type<DatePrecision>().notNull().default('day'),
    text: jsonb('text').$type<Localized>().notNull(),
    originalLanguage: text('original_language').notNull(),
    /** The image under DATA_DIR/uploads (a random name, re-encoded), if any. */
    imageKey: text('image_key'),
    source: text('source'),
    demo: boolean('demo').notNull().default(false),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('district_milestones_district_idx').on(t.districtId, t.happenedOn)],
)
