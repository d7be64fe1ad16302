import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { rows } from '../../core/db/client'
import { actors } from '../actors/schema'
import { type ConnectionStatus, connections } from './schema'

export type ConnectionRow = typeof connections.$inferSelect

export const selectConnection = async (db: Db, id: number) =>
  (await db.select().from(connections).where(eq(connections.id, id)))[0]

/** The connection, locked for a change that reads its state first (two admins deciding at once). */
export const lockConnection = async (tx: Db, id: number) =>
  (await tx.select().from(connections).where(eq(connections.id, id)).for('update'))[0]

/** Every relation ever recorded between two organisations, in either direction. */
export const selectPairConnections = (db: Db, a: number, b: number) =>
  db
    .select()
    .from(connections)
    .where(
      or(
        and(eq(connections.fromActorId, a), eq(connections.toActorId, b)),
        and(eq(connections.fromActorId, b), eq(connections.toActorId, a)),
      ),
    )

/**
 * Serialises proposals between one pair of organisations until the transaction ends, so that two
 * proposals crossing each other cannot both pass the duplicate check.
 */
export async function lockPair(tx: Db, a: number, b: number) {
  const key = `connections:${Math.min(a, b)}:${Math.max(a, b)}`
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`)
}

export async function insertConnection(db: Db, values: typeof connections.$inferInsert) {
  const [row] = await db.insert(connections).values(values).returning()
  return row
}

export async function updateConnection(
  db: Db,
  id: number,
  values: Partial<Omit<ConnectionRow, 'id' | 'fromActorId' | 'toActorId'>>,
) {
  const [row] = await db.update(connections).set(values).where(eq(connections.id, id)).returning()
  return row
}

// Lists join the directory's actors for the other side's name and city: a profile may have hundreds of
// connections, and one sorted statement is what its list needs.
const otherSide = (actorId: number) =>
  sql`case when ${connections.fromActorId} = ${actorId} then ${connections.toActorId} else ${connections.fromActorId} end`

export type ListedConnection = Awaited<ReturnType<typeof selectConnectionsOfActor>>[number]

/** An organisation's relations in the given states, with the organisation at the other end. */
export const selectConnectionsOfActor = (db: Db, actorId: number, statuses: ConnectionStatus[]) =>
  db
    .select({
      id: connections.id,
      fromActorId: connections.fromActorId,
      toActorId: connections.toActorId,
      kind: connections.kind,
      note: connections.note,
      status: connections.status,
      createdAt: connections.createdAt,
      decidedAt: connections.decidedAt,
      other: { id: actors.id, slug: actors.slug, name: actors.name, clusterId: actors.clusterId },
    })
    .from(connections)
    .innerJoin(actors, eq(actors.id, otherSide(actorId)))
    .where(
      and(
        or(eq(connections.fromActorId, actorId), eq(connections.toActorId, actorId)),
        inArray(connections.status, statuses),
      ),
    )
    .orderBy(asc(actors.name), asc(connections.id))

export const countIncomingPending = async (db: Db, actorId: number) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(connections)
      .where(and(eq(connections.toActorId, actorId), eq(connections.status, 'pending')))
  )[0].n

/** Confirmed links per unordered pair of cities (a ≤ b); a = b counts a city's local links. */
export const selectCityPairCounts = (db: Db) =>
  rows<{ a: string; b: string; links: number }>(
    db,
    sql`select least(f.cluster_id, t.cluster_id) as a, greatest(f.cluster_id, t.cluster_id) as b,
          count(*)::int as links
        from connections c
        join actors f on f.id = c.from_actor_id
        join actors t on t.id = c.to_actor_id
        where c.status = 'confirmed'
        group by 1, 2
        order by 1, 2`,
  )

/**
 * Confirmed links per sector of either end (a link between a games studio and a design agency counts
 * once for each of the two sectors), for the whole network or the links that touch one city.
 */
export const selectSectorCounts = (db: Db, clusterId?: string) =>
  rows<{ sector: string; links: number }>(
    db,
    sql`select s.sector, count(distinct c.id)::int as links
        from connections c
        join actors f on f.id = c.from_actor_id
        join actors t on t.id = c.to_actor_id
        cross join lateral unnest(f.sectors || t.sectors) as s(sector)
        where c.status = 'confirmed'
          ${clusterId ? sql`and (f.cluster_id = ${clusterId} or t.cluster_id = ${clusterId})` : sql``}
        group by s.sector
        order by links desc, s.sector`,
  )

/** What a person proposed or decided, for their data download. */
export const selectConnectionsOfPerson = (db: Db, personId: string) =>
  db
    .select({
      id: connections.id,
      fromActorId: connections.fromActorId,
      toActorId: connections.toActorId,
      kind: connections.kind,
      note: connections.note,
      status: connections.status,
      proposed: sql<boolean>`${connections.createdBy} = ${personId}`,
      decided: sql<boolean>`coalesce(${connections.decidedBy} = ${personId}, false)`,
      createdAt: connections.createdAt,
      decidedAt: connections.decidedAt,
    })
    .from(connections)
    .where(or(eq(connections.createdBy, personId), eq(connections.decidedBy, personId)))
    .orderBy(desc(connections.createdAt), asc(connections.id))

// ---- demo ----------------------------------------------------------------------------------

export const selectDemoActors = (db: Db) =>
  db
    .select({ id: actors.id, clusterId: actors.clusterId })
    .from(actors)
    .where(eq(actors.demo, true))
    .orderBy(asc(actors.id))

/** Inserts in batches: a network of 100,000 actors plans about 150,000 links, too many for one statement. */
export async function insertConnections(db: Db, values: (typeof connections.$inferInsert)[]) {
  for (let i = 0; i < values.length; i += 1000) await db.insert(connections).values(values.slice(i, i + 1000))
}

/** Everyone this actor has a pending or confirmed connection with. */
export const selectLinkedActorIds = async (db: Db, actorId: number) =>
  (
    await rows<{ id: number }>(
      db,
      sql`SELECT CASE WHEN from_actor_id = ${actorId} THEN to_actor_id ELSE from_actor_id END::int AS id
          FROM connections WHERE (from_actor_id = ${actorId} OR to_actor_id = ${actorId})
            AND status IN ('pending', 'confirmed')`,
    )
  ).map((r) => r.id)

/** The confirmed partners of this actor's confirmed partners (not itself), each with one partner between them. */
export const selectPartnersOfPartners = (db: Db, actorId: number) =>
  rows<{ id: number; via_id: number }>(
    db,
    sql`WITH mine AS (
          SELECT CASE WHEN from_actor_id = ${actorId} THEN to_actor_id ELSE from_actor_id END AS id
          FROM connections WHERE (from_actor_id = ${actorId} OR to_actor_id = ${actorId}) AND status = 'confirmed'
        )
        SELECT DISTINCT ON (far.id) far.id::int AS id, far.via::int AS via_id FROM (
          SELECT CASE WHEN c.from_actor_id = m.id THEN c.to_actor_id ELSE c.from_actor_id END AS id, m.id AS via
          FROM mine m JOIN connections c ON (c.from_actor_id = m.id OR c.to_actor_id = m.id) AND c.status = 'confirmed'
        ) far
        WHERE far.id <> ${actorId}
        ORDER BY far.id, far.via`,
  )
