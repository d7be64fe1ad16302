import { bigint, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { users } from '../accounts/schema'
import { actors } from '../actors/schema'

export const connectionKinds = ['partner', 'client', 'supplier', 'co_applicant', 'same_project'] as const
export type ConnectionKind = (typeof connectionKinds)[number]

/**
 * How the other side reads a relation: "A is a client of B" is "B is a supplier of A"; the other kinds
 * read the same from both sides.
 */
export const inverseKind: Record<ConnectionKind, ConnectionKind> = {
  partner: 'partner',
  client: 'supplier',
  supplier: 'client',
  co_applicant: 'co_applicant',
  same_project: 'same_project',
}

/** Pending until the other side decides; a proposer may withdraw it, either side may end a confirmed one. */
export const connectionStatuses = ['pending', 'confirmed', 'declined', 'withdrawn', 'ended'] as const
export type ConnectionStatus = (typeof connectionStatuses)[number]
/** A relation in these states blocks a second one of the same kind between the same pair. */
export const openStatuses: ConnectionStatus[] = ['pending', 'confirmed']

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
