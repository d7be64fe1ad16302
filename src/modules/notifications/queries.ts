import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { type MailFrequency, notificationPreferences, notifications } from './schema'

export type NotificationRow = typeof notifications.$inferSelect
export type NewNotification = typeof notifications.$inferInsert

export const insertNotifications = (tx: Db, values: NewNotification[]) =>
  tx.insert(notifications).values(values)

export const countUnread = async (db: Db, userId: string) =>
  (
    await db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
  )[0]?.n ?? 0

/** A person's notifications, newest first. */
export const selectNotificationsOfPerson = (db: Db, userId: string, limit: number, offset = 0) =>
  db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .offset(offset)

/** Marks one notification of a person read (keeping the first reading) and returns where it leads. */
export const markOneRead = async (db: Db, userId: string, id: number) =>
  (
    await db
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
      .returning({ link: notifications.link })
  )[0]

/** Marks a person's unread notifications read: these ids, or all of them; returns how many changed. */
export const markRead = async (db: Db, userId: string, ids: number[] | 'all') =>
  (
    await db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(
        and(
          eq(notifications.userId, userId),
          isNull(notifications.readAt),
          ids === 'all' ? undefined : inArray(notifications.id, ids),
        ),
      )
      .returning({ id: notifications.id })
  ).length

export const selectPreferences = (db: Db, userId: string) =>
  db
    .select({ kind: notificationPreferences.kind, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId))

export const upsertPreferences = (
  tx: Db,
  userId: string,
  entries: { kind: string; email: MailFrequency }[],
) =>
  entries.length
    ? tx
        .insert(notificationPreferences)
        .values(entries.map((e) => ({ userId, ...e })))
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.kind],
          set: { email: sql`excluded.email` },
        })
    : Promise.resolve()

export const deletePreferences = (tx: Db, userId: string, kinds: string[]) =>
  kinds.length
    ? tx
        .delete(notificationPreferences)
        .where(and(eq(notificationPreferences.userId, userId), inArray(notificationPreferences.kind, kinds)))
    : Promise.resolve()

/**
 * How a notification goes out by e-mail: the person's choice for its kind, else the kind's declared
 * default (`defaults`, kind → frequency, from the registry in code), else at once.
 */
const frequencyOf = (defaults: Record<string, MailFrequency>) => sql<MailFrequency>`coalesce(
  (SELECT p.email FROM ${notificationPreferences} p
    WHERE p.user_id = ${notifications.userId} AND p.kind = ${notifications.kind}),
  (${JSON.stringify(defaults)}::jsonb ->> ${notifications.kind}),
  'immediate')`

/** Notifications not yet mailed whose kind the person wants at this frequency, a batch of them. */
export const selectUnmailed = (
  db: Db,
  frequencies: MailFrequency[],
  defaults: Record<string, MailFrequency>,
  limit: number,
) =>
  db
    .select({ id: notifications.id, userId: notifications.userId })
    .from(notifications)
    .where(and(isNull(notifications.mailedAt), inArray(frequencyOf(defaults), frequencies)))
    .orderBy(notifications.userId, notifications.id)
    .limit(limit)

/** Notifications of kinds a person turned off are settled at once, so they never wait to be mailed. */
export const settleSilenced = async (db: Db, defaults: Record<string, MailFrequency>) =>
  (
    await db
      .update(notifications)
      .set({ mailedAt: sql`now()` })
      .where(and(isNull(notifications.mailedAt), eq(frequencyOf(defaults), 'off')))
      .returning({ id: notifications.id })
  ).length

/**
 * Claims notifications for one e-mail: only those no one claimed yet come back. Another worker's claim
 * of the same rows waits for this transaction and then finds them taken, so each goes out once.
 */
export const claimForMail = (tx: Db, ids: number[]) =>
  tx
    .update(notifications)
    .set({ mailedAt: sql`now()` })
    .where(and(inArray(notifications.id, ids), isNull(notifications.mailedAt)))
    .returning()

/** People with notifications waiting for an e-mail at this frequency, a batch of them. */
export const selectPeopleWithUnmailed = async (
  db: Db,
  frequencies: MailFrequency[],
  defaults: Record<string, MailFrequency>,
  limit: number,
) =>
  (
    await db
      .selectDistinct({ userId: notifications.userId })
      .from(notifications)
      .where(and(isNull(notifications.mailedAt), inArray(frequencyOf(defaults), frequencies)))
      .orderBy(notifications.userId)
      .limit(limit)
  ).map((r) => r.userId)

/** Claims everything of one person waiting for an e-mail at this frequency (see claimForMail). */
export const claimUnmailedOfPerson = (
  tx: Db,
  userId: string,
  frequencies: MailFrequency[],
  defaults: Record<string, MailFrequency>,
) =>
  tx
    .update(notifications)
    .set({ mailedAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.mailedAt),
        inArray(frequencyOf(defaults), frequencies),
      ),
    )
    .returning()
