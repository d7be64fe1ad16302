import { integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import type { Localized } from '../../core/i18n'

export const sectors = pgTable('sectors', {
  id: text('id').primaryKey(),
  position: integer('position').notNull(),
  color: text('color').notNull(),
  name: jsonb('name').$type<Localized>().notNull(),
  nace: jsonb('nace').$type<{ code: string; label: string }[]>().notNull(),
})

export const capabilities = pgTable('capabilities', {
  id: text('id').primaryKey(),
  /** null for capabilities that serve every sector (venue, funding, translation). */
  sectorId: text('sector_id').references(() => sectors.id),
  position: integer('position').notNull(),
  label: jsonb('label').$type<Localized>().notNull(),
  /** Synonyms and inflected forms per language, for matching free text across languages. */
  terms: jsonb('terms').$type<Record<string, string[]>>().notNull(),
})
