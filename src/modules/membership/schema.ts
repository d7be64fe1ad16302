import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'
import { clusters } from '../network/schema'

export const membershipStatuses = ['pending', 'member', 'declined', 'suspended', 'withdrawn'] as const
export type MembershipStatus = (typeof membershipStatuses)[number]

/** An organisation's membership of its city's cluster, in its current state; the history is in membership_events. */
export const memberships = pgTable(
  'memberships',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: bigint('actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id),
    status: text('status').$type<MembershipStatus>().notNull(),
    motivation: text('motivation').notNull(),
    appliedBy: text('applied_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_actor_cluster_idx').on(t.actorId, t.clusterId),
    index('memberships_cluster_status_idx').on(t.clusterId, t.status),
  ],
)

/** Every change of a membership's state, with who made it and why. */
export const membershipEvents = pgTable(
  'membership_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    membershipId: bigint('membership_id', { mode: 'number' })
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    status: text('status').$type<MembershipStatus>().notNull(),
    reason: text('reason'),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('membership_events_membership_idx').on(t.membershipId, t.at)],
)

export const clusterManagers = pgTable(
  'cluster_managers',
  {
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.userId] }), index('cluster_managers_user_idx').on(t.userId)],
)

/** An organisation from a city outside the network asking to join it; the network admin may open a cluster. */
export const networkApplications = pgTable('network_applications', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  organisationName: text('organisation_name').notNull(),
  city: text('city').notNull(),
  country: text('country').notNull(),
  motivation: text('motivation').notNull(),
  status: text('status').$type<'pending' | 'accepted' | 'declined'>().notNull().default('pending'),
  reason: text('reason'),
  clusterId: text('cluster_id').references(() => clusters.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
})

/** A member list a cluster manager uploaded: its checked rows, then the background job's progress and report. */
export const memberImports = pgTable('member_imports', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  clusterId: text('cluster_id')
    .notNull()
    .references(() => clusters.id),
  userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
  fileName: text('file_name').notNull(),
  status: text('status').$type<'previewed' | 'queued' | 'running' | 'done' | 'failed'>().notNull(),
  rows: jsonb('rows').notNull(),
  total: integer('total').notNull(),
  processed: integer('processed').notNull().default(0),
  report: jsonb('report'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
})
