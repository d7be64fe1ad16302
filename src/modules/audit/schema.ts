import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Every change to memberships, roles and profiles, and every admin action: who, what, when, before and after. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The person who acted; null for the system (imports, jobs) and after that person deleted the account. */
    userId: text('user_id'),
    userEmail: text('user_email'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    clusterId: text('cluster_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at, t.id),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_log_user_idx').on(t.userId),
  ],
)
