import { sql } from 'drizzle-orm'
import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'

/** A thread between organisations: every person of either side reads it. */
export const conversations = pgTable(
  'conversations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    subject: text('subject').notNull(),
    /** What it came from, e.g. an accepted expression of interest: `opportunity` and its id. */
    originType: text('origin_type'),
    originId: text('origin_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversations_last_idx').on(t.lastMessageAt)],
)

/** The organisations in a conversation (two, for now). */
export const conversationParties = pgTable(
  'conversation_parties',
  {
    conversationId: bigint('conversation_id', { mode: 'number' })
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    actorId: bigint('actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.actorId] }),
    index('conversation_parties_actor_idx').on(t.actorId),
  ],
)

export const messages = pgTable(
  'messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    conversationId: bigint('conversation_id', { mode: 'number' })
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** The side that wrote it. */
    actorId: bigint('actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    /** Who wrote it; null after that person deleted the account. */
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('messages_conversation_idx').on(t.conversationId, t.createdAt)],
)

export const messageAttachments = pgTable(
  'message_attachments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Where the file lies under DATA_DIR (a random name, never the uploaded one). */
    storageKey: text('storage_key').notNull(),
  },
  (t) => [index('message_attachments_message_idx').on(t.messageId)],
)

/** How far each person has read a conversation, for unread counts. */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    conversationId: bigint('conversation_id', { mode: 'number' })
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] })],
)

/** A message reported as abuse; the cluster manager of the reporter's city decides. */
export const messageReports = pgTable(
  'message_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    reportedBy: text('reported_by').references(() => users.id, { onDelete: 'set null' }),
    clusterId: text('cluster_id').notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<'open' | 'resolved'>().notNull().default('open'),
    resolution: text('resolution'),
    resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('message_reports_cluster_idx').on(t.clusterId, t.status),
    // One open report per message and person, even when the same report is sent twice at once.
    uniqueIndex('message_reports_open_idx').on(t.messageId, t.reportedBy).where(sql`status = 'open'`),
  ],
)
