import { sql } from 'drizzle-orm'
import type { Config } from './core/config'
import { type Database, openPglite, openPostgres } from './core/db/client'
import { migrate } from './core/db/migrate'
import type { DemoOptions } from './core/module'
import { modules } from './modules'
import { isDirectoryEmpty } from './modules/actors/service'

export const demoDefaults: DemoOptions = { actors: 300, seed: 2026 }

export async function openDatabase(config: Config): Promise<Database> {
  return config.DATABASE_URL ? openPostgres(config.DATABASE_URL) : openPglite(config.dataDir)
}

/**
 * Migrates, installs the reference data every installation has, and loads the demo network
 * once, into an empty directory, when asked to.
 */
export async function prepareDatabase(
  database: Database,
  config: Config,
  demo: DemoOptions | false = config.DEMO_DATA ? demoDefaults : false,
): Promise<{ demoLoaded: boolean }> {
  await migrate(database)
  for (const m of modules) await m.install?.(database.db, config)
  const demoLoaded = !!demo && (await isDirectoryEmpty(database.db))
  if (demoLoaded) for (const m of modules) await m.demo?.(database.db, demo)
  // PGlite runs no autovacuum: without this its planner knows nothing of the data. After a bulk load the
  // server's autovacuum would come too late for the first requests.
  if (demoLoaded || database.engine === 'pglite') await database.db.execute(sql`VACUUM ANALYZE`)
  return { demoLoaded }
}

/** Lets every module read what it keeps in memory before the server takes requests. */
export async function warmModules(database: Database): Promise<string[]> {
  const said: string[] = []
  for (const m of modules) if (m.warm) said.push(await m.warm(database.db))
  return said
}
