import { sql } from 'drizzle-orm'
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { users } from '../accounts/schema'

/**
 * Something a person should know, stored as its kind and values and written in the reader's language
 * when shown or mailed.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    values: jsonb('values').$type<Record<string, string | number>>().notNull().default({}),
    /** The page it is about, without the language prefix (e.g. `/opportunities/slug`). */
    link: text('link').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** When it went out by e-mail (at once or in a digest); null while it waits or when mail is off. */
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unmailed_idx').on(t.userId).where(sql`mailed_at IS NULL`),
  ],
)

export const mailFrequencies = ['immediate', 'daily', 'weekly', 'off'] as const
export type MailFrequency = (typeof mailFrequencies)[number]

/** How a person wants each kind of notification by e-mail; a missing row means the kind's default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    email: text('email').$type<MailFrequency>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
)
