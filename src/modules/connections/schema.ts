import { bigint, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'

export const connectionKinds = ['partner', 'client', 'supplier', 'co_applicant', 'same_project'] as const
export type ConnectionKind = (typeof connectionKinds)[number]

export const connectionStatuses = ['pending', 'confirmed', 'declined'] as const
export type ConnectionStatus = (typeof connectionStatuses)[number]

/**
 * A relation one organisation records with another; it shows only once the other side confirms.
 * `kind` reads from the recording side: "from is a client of to".
 */
export const connections = pgTable(
  'connections',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    fromActorId: bigint('from_actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    toActorId: bigint('to_actor_id', { mode: 'number' })
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ConnectionKind>().notNull(),
    note: text('note'),
    status: text('status').$type<ConnectionStatus>().notNull().default('pending'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('connections_pair_kind_idx').on(t.fromActorId, t.toActorId, t.kind),
    index('connections_to_idx').on(t.toActorId, t.status),
    index('connections_from_idx').on(t.fromActorId, t.status),
  ],
)
