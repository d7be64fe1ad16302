import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import { type Db, rows } from '../../core/db/client'
import { authAccounts, rateLimitHits, sessions, users, verifications } from './schema'

/** Counts one attempt under a key in a fixed window; returns the attempts so far and when the window ends. */
export async function countAttempt(db: Db, key: string, windowMs: number, now = Date.now()) {
  const [row] = await rows<{ count: number; window_start: string | number }>(
    db,
    sql`INSERT INTO ${rateLimitHits} (key, window_start, count) VALUES (${key}, ${now}, 1)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN ${rateLimitHits.windowStart} <= ${now - windowMs} THEN 1 ELSE ${rateLimitHits.count} + 1 END,
        window_start = CASE WHEN ${rateLimitHits.windowStart} <= ${now - windowMs} THEN ${now} ELSE ${rateLimitHits.windowStart} END
      RETURNING count, window_start`,
    { prepare: false },
  )
  return { count: Number(row.count), endsAt: Number(row.window_start) + windowMs }
}

/** Drops attempt counters whose window ended before `before`, and expired sessions and e-mail links. */
export async function deleteStaleAccountRows(db: Db, before: number) {
  const now = new Date()
  await db.delete(rateLimitHits).where(lt(rateLimitHits.windowStart, before))
  await db.delete(sessions).where(lt(sessions.expiresAt, now))
  await db.delete(verifications).where(lt(verifications.expiresAt, now))
}

export const forgetAttempts = (db: Db, key: string) =>
  db.delete(rateLimitHits).where(eq(rateLimitHits.key, key))

export const selectPersonByEmail = async (db: Db, email: string) =>
  (await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`))[0]

export const selectPerson = async (db: Db, id: string) =>
  (await db.select().from(users).where(eq(users.id, id)))[0]

export const selectSessions = (db: Db, userId: string) =>
  db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      updatedAt: sessions.updatedAt,
      expiresAt: sessions.expiresAt,
      ipAddress: sessions.ipAddress,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > now()`))
    .orderBy(desc(sessions.updatedAt))

export const deleteSession = (db: Db, userId: string, sessionId: string) =>
  db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId)))
    .returning({ id: sessions.id })

export const updatePerson = (db: Db, id: string, values: Partial<typeof users.$inferInsert>) =>
  db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning()

export async function insertPersonWithPassword(
  db: Db,
  person: {
    id: string
    name: string
    email: string
    locale: string
    networkAdmin: boolean
    passwordHash: string
  },
) {
  await db.insert(users).values({
    id: person.id,
    name: person.name,
    email: person.email,
    emailVerified: true,
    locale: person.locale,
    networkAdmin: person.networkAdmin,
  })
  await db.insert(authAccounts).values({
    id: person.id,
    accountId: person.id,
    providerId: 'credential',
    userId: person.id,
    password: person.passwordHash,
  })
}

export const deletePerson = (db: Db, id: string) => db.delete(users).where(eq(users.id, id))

export const selectPeople = (db: Db, ids: string[]) =>
  ids.length
    ? db
        .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
        .from(users)
        .where(inArray(users.id, ids))
    : Promise.resolve([])
