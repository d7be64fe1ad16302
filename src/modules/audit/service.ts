import type { Db } from '../../core/db/client'
import type { Ctx } from '../../core/http'
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
