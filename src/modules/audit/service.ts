import { z } from 'zod'
import { onAccountDeletion, providePersonalData, requireNetworkAdmin } from '../../core/auth'
import type { Db } from '../../core/db/client'
import { storableDate } from '../../core/forms'
import type { Ctx } from '../../core/http'
import {
  forgetPersonInAudit,
  selectAuditEntries,
  selectAuditOfPerson,
  selectAuditVocabulary,
} from './queries'
import { auditLog } from './schema'

export interface AuditEntry {
  action: string
  subjectType: string
  subjectId: string | number
  clusterId?: string | null
  before?: unknown
  after?: unknown
}

/**
 * Writes one audit row in the caller's transaction, so the record exists exactly when the change does.
 * The person comes from the request's viewer; jobs and imports pass a context without one.
 */
export async function recordAudit(tx: Db, ctx: Pick<Ctx, 'viewer' | 'requestId'>, entry: AuditEntry) {
  await tx.insert(auditLog).values({
    userId: ctx.viewer.person?.id ?? null,
    userEmail: ctx.viewer.person?.email ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    clusterId: entry.clusterId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: ctx.requestId,
  })
}

export const auditFilterSchema = z
  .object({
    action: z.string().max(80).optional(),
    subject: z.string().max(80).optional(),
    person: z.string().max(254).optional(),
    city: z.string().max(60).optional(),
    from: storableDate().optional(),
    until: storableDate().optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .strict()

export type AuditQuery = z.infer<typeof auditFilterSchema>
export const auditPageSize = 50

/** The audit log, newest first, filtered; only the network admin reads it. */
export async function listAudit(ctx: Ctx, query: AuditQuery) {
  requireNetworkAdmin(ctx.viewer)
  const until = query.until ? new Date(`${query.until}T00:00:00Z`) : undefined
  if (until) until.setUTCDate(until.getUTCDate() + 1)
  const [entries, vocabulary] = await Promise.all([
    selectAuditEntries(
      ctx.db,
      {
        action: query.action,
        subjectType: query.subject,
        person: query.person,
        clusterId: query.city,
        from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
        until,
      },
      auditPageSize + 1,
      (query.page - 1) * auditPageSize,
    ),
    selectAuditVocabulary(ctx.db),
  ])
  return {
    entries: entries.slice(0, auditPageSize),
    hasMore: entries.length > auditPageSize,
    actions: [...new Set(vocabulary.map((v) => v.action))],
    subjects: [...new Set(vocabulary.map((v) => v.subjectType))].sort(),
  }
}

providePersonalData('audit', (db, personId) => selectAuditOfPerson(db, personId))

// A deleted person's entries stay (what happened), without their e-mail address anywhere in them.
onAccountDeletion(async (tx, personId, ctx) => {
  await forgetPersonInAudit(tx, personId, ctx.viewer.person?.email ?? null)
})
