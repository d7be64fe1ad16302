import { bigint, doublePrecision, integer, jsonb, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core'
import type { Localized } from '../../core/i18n'

/** A member city and its creative-industry cluster: one row each, so a new city is data. */
export const clusters = pgTable('clusters', {
  id: text('id').primaryKey(),
  position: integer('position').notNull(),
  cityName: text('city_name').notNull(),
  cityNameEn: text('city_name_en').notNull(),
  country: text('country').notNull(),
  language: text('language').notNull(),
  name: jsonb('name').$type<Localized>().notNull(),
  accent: text('accent').notNull(),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
  population: integer('population'),
  populationDate: text('population_date'),
  source: text('source'),
  /** The organisation that is the cluster's contact point (an actor of the directory). */
  contactActorId: bigint('contact_actor_id', { mode: 'number' }),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
})

export const districts = pgTable('districts', {
  id: text('id').primaryKey(),
  clusterId: text('cluster_id')
    .notNull()
    .references(() => clusters.id),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  description: jsonb('description').$type<Localized>().notNull(),
  formerUse: text('former_use'),
  source: text('source'),
})

/** Published figures about a city or its country, each with the source it was taken from. */
export const figures = pgTable('figures', {
  id: text('id').primaryKey(),
  clusterId: text('cluster_id').references(() => clusters.id),
  country: text('country'),
  indicator: text('indicator').notNull(),
  value: real('value'),
  unit: text('unit'),
  year: text('year'),
  source: text('source').notNull(),
})
