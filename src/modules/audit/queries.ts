import { and, desc, eq, gte, ilike, lt, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { auditLog } from './schema'

export interface AuditFilter {
  action?: string
  subjectType?: string
  person?: string
  clusterId?: string
  from?: Date
  until?: Date
}

export function selectAuditEntries(db: Db, filter: AuditFilter, limit: number, offset: number) {
  const conditions: SQL[] = []
  if (filter.action) conditions.push(eq(auditLog.action, filter.action))
  if (filter.subjectType) conditions.push(eq(auditLog.subjectType, filter.subjectType))
  if (filter.person)
    conditions.push(ilike(auditLog.userEmail, `%${filter.person.replace(/[\\%_]/g, '\\$&')}%`))
  if (filter.clusterId) conditions.push(eq(auditLog.clusterId, filter.clusterId))
  if (filter.from) conditions.push(gte(auditLog.at, filter.from))
  if (filter.until) conditions.push(lt(auditLog.at, filter.until))
  return db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .offset(offset)
}

/** The actions and subject types that occur, for the filter's choices. */
export const selectAuditVocabulary = (db: Db) =>
  db
    .selectDistinct({ action: auditLog.action, subjectType: auditLog.subjectType })
    .from(auditLog)
    .orderBy(auditLog.action)
    .then((rows) => rows)

export const selectAuditOfPerson = (db: Db, userId: string) =>
  db
    .select({
      at: auditLog.at,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
    })
    .from(auditLog)
    .where(eq(auditLog.userId, userId))
    .orderBy(desc(auditLog.at))

/** Removes a person's e-mail from their entries and from any before/after that names it. */
export async function forgetPersonInAudit(db: Db, userId: string, email: string | null) {
  await db.update(auditLog).set({ userEmail: null }).where(eq(auditLog.userId, userId))
  if (!email) return
  const hidden = '(deleted account)'
  await db
    .update(auditLog)
    .set({
      before: sql`replace(${auditLog.before}::text, ${email}, ${hidden})::jsonb`,
      after: sql`replace(${auditLog.after}::text, ${email}, ${hidden})::jsonb`,
    })
    .where(sql`concat(${auditLog.before}::text, ${auditLog.after}::text) LIKE ${`%${email}%`}`)
}
