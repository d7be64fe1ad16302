import { asc } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { capabilities, sectors } from './schema'

export const selectSectors = (db: Db) => db.select().from(sectors).orderBy(asc(sectors.position))
export const selectCapabilities = (db: Db) =>
  db.select().from(capabilities).orderBy(asc(capabilities.position))

export async function upsertSectors(db: Db, rows: (typeof sectors.$inferInsert)[]) {
  for (const row of rows) {
    await db.insert(sectors).values(row).onConflictDoUpdate({ target: sectors.id, set: row })
  }
}

export async function upsertCapabilities(db: Db, rows: (typeof capabilities.$inferInsert)[]) {
  for (const row of rows) {
    await db.insert(capabilities).values(row).onConflictDoUpdate({ target: capabilities.id, set: row })
  }
}
