import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { prepareDatabase } from '../bootstrap'
import { loadConfig } from '../core/config'
import { withDatabase } from './run'

// The embedded database is a directory: removing it is the cleanest reset.
const config = loadConfig()
if (!config.DATABASE_URL) rmSync(join(config.dataDir, 'pglite'), { recursive: true, force: true })

await withDatabase(async (database, cfg) => {
  if (database.engine === 'postgres') {
    await database.db.execute(sql`DROP SCHEMA IF EXISTS public CASCADE`)
    await database.db.execute(sql`DROP SCHEMA IF EXISTS drizzle CASCADE`)
    await database.db.execute(sql`CREATE SCHEMA public`)
  }
  const { demoLoaded } = await prepareDatabase(database, cfg)
  console.log(`Database reset${demoLoaded ? ' with the demo network' : ''}.`)
})
