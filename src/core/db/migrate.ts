import { fileURLToPath } from 'node:url'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import type { Database } from './client'

const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url))

/** Applies every pending migration with Drizzle's programmatic migrator (drizzle-kit cannot load PGlite's extensions). */
export async function migrate(database: Database): Promise<void> {
  if (database.engine === 'pglite') await migratePglite(database.db as any, { migrationsFolder })
  else await migratePg(database.db as any, { migrationsFolder })
}
