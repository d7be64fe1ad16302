import { openDatabase } from '../bootstrap'
import { type Config, loadConfig } from '../core/config'
import type { Database } from '../core/db/client'
import { lockDataDir } from '../core/db/lock'

/** Runs a command against the configured database, holding the embedded database's lock meanwhile. */
export async function withDatabase(task: (database: Database, config: Config) => Promise<void>) {
  const config = loadConfig()
  const unlock = config.DATABASE_URL ? () => {} : lockDataDir(config.dataDir)
  const database = await openDatabase(config)
  try {
    await task(database, config)
  } catch (err) {
    console.error(err instanceof Error ? err.message : err)
    process.exitCode = 1
  } finally {
    await database.close()
    unlock()
  }
}
