import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { type Db, rows } from '../../core/db/client'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'
import {
  conversationParties,
  conversationReads,
  conversations,
  messageAttachments,
  messageReports,
  messages,
} from './schema'

// Lists join the directory's actors (party names) and the people (authors' names): a thread or an inbox
// is one sorted statement, not one look-up per message.

const ids = (values: number[]) => sql`${sql.param(values)}::bigint[]`

/** A message counts as hidden once a cluster manager resolved a report of it by hiding it. */
const hiddenMessage = (messageId: unknown) =>
  sql<boolean>`EXISTS (SELECT 1 FROM message_reports mr WHERE mr.message_id = ${messageId} AND mr.resolution = 'hidden')`

export const insertConversation = async (db: Db, values: typeof conversations.$inferInsert) =>
  (await db.insert(conversations).values(values).returning({ id: conversations.id }))[0]!.id

export const insertParties = (db: Db, conversationId: number, actorIds: number[]) =>
  db.insert(conversationParties).values(actorIds.map((actorId) => ({ conversationId, actorId })))

export const insertMessage = async (db: Db, values: typeof messages.$inferInsert) =>
  (await db.insert(messages).values(values).returning({ id: messages.id, createdAt: messages.createdAt }))[0]!

export const insertAttachments = (db: Db, values: (typeof messageAttachments.$inferInsert)[]) =>
  values.length ? db.insert(messageAttachments).values(values) : Promise.resolve()

export const touchConversation = (db: Db, id: number, at: Date) =>
  db
    .update(conversations)
    .set({ lastMessageAt: sql`GREATEST(${conversations.lastMessageAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(conversations.id, id))

export async function selectConversation(db: Db, id: number) {
  const [conversation] = await db.select().from(conversations).where(eq(conversations.id, id))
  return conversation
}

/** The organisations of a conversation, with their names. */
export const selectParties = (db: Db, conversationIds: number[]) =>
  conversationIds.length
    ? db
        .select({
          conversationId: conversationParties.conversationId,
          id: actors.id,
          slug: actors.slug,
          name: actors.name,
          clusterId: actors.clusterId,
        })
        .from(conversationParties)
        .innerJoin(actors, eq(actors.id, conversationParties.actorId))
        .where(inArray(conversationParties.conversationId, conversationIds))
        .orderBy(asc(actors.name), asc(actors.id))
    : Promise.resolve([])

export interface InboxRow {
  id: number
  subject: string
  lastMessageAt: Date
  lastBody: string | null
  lastHidden: boolean
  lastActorId: number | null
  unread: number
}

/**
 * The conversations of these organisations, newest activity first, each with its last message and how
 * many messages of the other side the person has not read yet.
 */
export async function selectInbox(db: Db, userId: string, actorIds: number[], limit: number) {
  if (!actorIds.length) return []
  const found = await rows<Record<string, unknown>>(
    db,
    sql`SELECT c.id, c.subject, c.last_message_at AS "lastMessageAt",
          lm.body AS "lastBody", lm.hidden AS "lastHidden", lm.actor_id AS "lastActorId",
          (SELECT count(*) FROM messages m
            WHERE m.conversation_id = c.id AND m.actor_id <> ALL(${ids(actorIds)})
              AND m.created_at > coalesce(r.last_read_at, '-infinity'))::int AS unread
        FROM conversations c
        LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = ${userId}
        LEFT JOIN LATERAL (
          SELECT m.body, m.actor_id, ${hiddenMessage(sql`m.id`)} AS hidden FROM messages m
          WHERE m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1
        ) lm ON true
        WHERE c.id IN (SELECT p.conversation_id FROM conversation_parties p WHERE p.actor_id = ANY(${ids(actorIds)}))
        ORDER BY c.last_message_at DESC, c.id DESC
        LIMIT ${limit}`,
  )
  return found.map(
    (r): InboxRow => ({
      id: Number(r.id),
      subject: String(r.subject),
      lastMessageAt: new Date(r.lastMessageAt as string),
      lastBody: (r.lastBody as string | null) ?? null,
      lastHidden: Boolean(r.lastHidden),
      lastActorId: r.lastActorId == null ? null : Number(r.lastActorId),
      unread: Number(r.unread),
    }),
  )
}

/**
 * How many conversations hold messages the person has not read, written by an organisation they do not
 * belong to: one statement for the header of every page. Reads the person's organisations from
 * `org_people` itself, because the organisations module fills the viewer's roles at the same moment.
 */
export async function countUnreadConversations(db: Db, userId: string) {
  const [row] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM conversations c
        LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = ${userId}
        WHERE c.id IN (SELECT p.conversation_id FROM conversation_parties p
                       JOIN org_people op ON op.actor_id = p.actor_id WHERE op.user_id = ${userId})
          AND c.last_message_at > coalesce(r.last_read_at, '-infinity')
          AND EXISTS (SELECT 1 FROM messages m
                      WHERE m.conversation_id = c.id AND m.created_at > coalesce(r.last_read_at, '-infinity')
                        AND m.actor_id NOT IN (SELECT op.actor_id FROM org_people op WHERE op.user_id = ${userId}))`,
  )
  return Number(row?.n ?? 0)
}

/** The person has read the conversation up to its newest message. */
export const markRead = (db: Db, conversationId: number, userId: string) =>
  db
    .insert(conversationReads)
    .values({
      conversationId,
      userId,
      lastReadAt: sql`coalesce((SELECT max(created_at) FROM messages WHERE conversation_id = ${conversationId}), now())`,
    })
    .onConflictDoUpdate({
      target: [conversationReads.conversationId, conversationReads.userId],
      set: { lastReadAt: sql`GREATEST(${conversationReads.lastReadAt}, excluded.last_read_at)` },
    })

export const selectThread = (db: Db, conversationId: number) =>
  db
    .select({
      id: messages.id,
      actorId: messages.actorId,
      organisation: actors.name,
      organisationSlug: actors.slug,
      userId: messages.userId,
      author: users.name,
      body: messages.body,
      hidden: hiddenMessage(messages.id),
      createdAt: messages.createdAt,
    })
    .from(messages)
    .innerJoin(actors, eq(actors.id, messages.actorId))
    .leftJoin(users, eq(users.id, messages.userId))
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt), asc(messages.id))

export const selectAttachmentsOf = (db: Db, messageIds: number[]) =>
  messageIds.length
    ? db
        .select()
        .from(messageAttachments)
        .where(inArray(messageAttachments.messageId, messageIds))
        .orderBy(asc(messageAttachments.id))
    : Promise.resolve([])

/** An attachment with the conversation it belongs to and whether its message was hidden. */
export async function selectAttachment(db: Db, id: number) {
  const [found] = await db
    .select({
      id: messageAttachments.id,
      fileName: messageAttachments.fileName,
      contentType: messageAttachments.contentType,
      size: messageAttachments.size,
      storageKey: messageAttachments.storageKey,
      conversationId: messages.conversationId,
      hidden: hiddenMessage(messages.id),
    })
    .from(messageAttachments)
    .innerJoin(messages, eq(messages.id, messageAttachments.messageId))
    .where(eq(messageAttachments.id, id))
  return found
}

export async function selectMessage(db: Db, id: number) {
  const [found] = await db
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      actorId: messages.actorId,
      hidden: hiddenMessage(messages.id),
    })
    .from(messages)
    .where(eq(messages.id, id))
  return found
}

// ---- reports -------------------------------------------------------------------------------

/** The new report, or undefined when the person has an open report of the message already. */
export const insertReport = async (db: Db, values: typeof messageReports.$inferInsert) =>
  (await db.insert(messageReports).values(values).onConflictDoNothing().returning())[0]

export async function selectReport(db: Db, id: number) {
  const [found] = await db.select().from(messageReports).where(eq(messageReports.id, id))
  return found
}

/** The open reports of a city with the reported message only: its author, organisation, text and date. */
export const selectOpenReports = (db: Db, clusterId: string) =>
  db
    .select({
      id: messageReports.id,
      reason: messageReports.reason,
      reportedAt: messageReports.createdAt,
      messageId: messages.id,
      body: messages.body,
      writtenAt: messages.createdAt,
      author: users.name,
      organisation: actors.name,
      organisationSlug: actors.slug,
    })
    .from(messageReports)
    .innerJoin(messages, eq(messages.id, messageReports.messageId))
    .innerJoin(actors, eq(actors.id, messages.actorId))
    .leftJoin(users, eq(users.id, messages.userId))
    .where(and(eq(messageReports.clusterId, clusterId), eq(messageReports.status, 'open')))
    .orderBy(asc(messageReports.createdAt), asc(messageReports.id))

/** Resolves one report, or with `everyOpenOfMessage` every open report of its message (hiding it answers them all). */
export const resolveReports = (
  db: Db,
  report: { id: number; messageId: number },
  values: { resolution: 'dismissed' | 'hidden'; resolvedBy: string },
  everyOpenOfMessage: boolean,
) =>
  db
    .update(messageReports)
    .set({ ...values, status: 'resolved', resolvedAt: new Date() })
    .where(
      everyOpenOfMessage
        ? and(eq(messageReports.messageId, report.messageId), eq(messageReports.status, 'open'))
        : eq(messageReports.id, report.id),
    )
    .returning({ id: messageReports.id })

// ---- personal data -------------------------------------------------------------------------

export const selectMessagesWrittenBy = (db: Db, userId: string) =>
  db
    .select({
      conversation: messages.conversationId,
      subject: conversations.subject,
      organisation: actors.name,
      body: messages.body,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(actors, eq(actors.id, messages.actorId))
    .where(eq(messages.userId, userId))
    .orderBy(asc(messages.createdAt), asc(messages.id))

export const selectReportsBy = (db: Db, userId: string) =>
  db
    .select({
      message: messageReports.messageId,
      reason: messageReports.reason,
      status: messageReports.status,
      createdAt: messageReports.createdAt,
    })
    .from(messageReports)
    .where(eq(messageReports.reportedBy, userId))
    .orderBy(asc(messageReports.createdAt))

export const insertReads = (db: Db, values: (typeof conversationReads.$inferInsert)[]) =>
  values.length ? db.insert(conversationReads).values(values).onConflictDoNothing() : Promise.resolve()
